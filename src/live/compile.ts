/**
 * Compile a patch (or the prelude) with esbuild: TypeScript in, one CommonJS-style script out.
 * Local files it imports are bundled in (and listed, so the watcher follows them); `magicbus`
 * and `magicbus/prelude` stay outside, so a patch shares the running system's classes; the
 * prelude's helpers are injected as free names, so a patch needs no import to use them.
 */
import { build, type BuildFailure, type Message, type Plugin } from "esbuild";
import { resolve } from "node:path";
import { PatchError } from "./patch-error.ts";

export interface CompiledScript {
  file: string;
  code: string;
  /** Absolute paths of the local source files that went in (the patch and what it imports). */
  inputs: string[];
}

export interface CompileOptions {
  /** Names the prelude exports; each becomes usable in the patch without an import. */
  preludeNames?: readonly string[];
}

const SHIM = "magicbus:prelude-shim";

export async function compileScript(file: string, options: CompileOptions = {}): Promise<CompiledScript> {
  const entry = resolve(file);
  const names = (options.preludeNames ?? []).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
  const plugins: Plugin[] = [];
  if (names.length > 0) {
    plugins.push({
      name: "magicbus-prelude",
      setup(b) {
        b.onResolve({ filter: /^magicbus:prelude-shim$/ }, () => ({ path: SHIM, namespace: "magicbus" }));
        b.onLoad({ filter: /.*/, namespace: "magicbus" }, () => ({
          contents: `export { ${names.join(", ")} } from "magicbus/prelude";`,
          loader: "js",
        }));
      },
    });
  }
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      // Packages (magicbus included) are loaded by the running process, not copied into the patch.
      packages: "external",
      external: ["magicbus", "magicbus/*"],
      inject: names.length > 0 ? [SHIM] : [],
      plugins,
      metafile: true,
      sourcemap: "inline",
      sourcesContent: false,
      logLevel: "silent",
      absWorkingDir: process.cwd(),
    });
    const inputs = Object.keys(result.metafile!.inputs)
      .filter((p) => !p.startsWith("magicbus:"))
      .map((p) => resolve(process.cwd(), p));
    return { file: entry, code: result.outputFiles![0]!.text, inputs };
  } catch (err) {
    const first: Message | undefined = (err as BuildFailure).errors?.[0];
    if (!first) throw err;
    const loc = first.location;
    throw new PatchError(
      first.text,
      loc ? { file: resolve(process.cwd(), loc.file), line: loc.line, column: loc.column + 1, lineText: loc.lineText } : undefined,
      "compile",
    );
  }
}
