/**
 * Where in the patch's own source an error was thrown: the first stack frame inside the compiled
 * script, mapped back through its inline source map to the original file, line and column.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { resolve } from "node:path";
import type { SourceLocation } from "./code-frame.ts";
import type { CompiledScript } from "./compile.ts";

const maps = new WeakMap<CompiledScript, SourceMap | null>();

function sourceMapOf(script: CompiledScript): SourceMap | null {
  let map = maps.get(script);
  if (map === undefined) {
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(script.code);
    map = m ? new SourceMap(JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8"))) : null;
    maps.set(script, map);
  }
  return map;
}

export function locateError(err: unknown, script: CompiledScript): SourceLocation | undefined {
  return locateStack(err instanceof Error ? (err.stack ?? "") : "", script);
}

/** The first frame of `stack` inside the compiled script, mapped back to the patch's source. */
export function locateStack(stack: string, script: CompiledScript): SourceLocation | undefined {
  const escaped = script.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!frame) return undefined;
  return locateFrame(script, Number(frame[1]), Number(frame[2]));
}

/** A position in the compiled script (1-based), mapped back to the patch's own source. */
export function locateFrame(script: CompiledScript, line: number, column: number): SourceLocation {
  const map = sourceMapOf(script);
  const entry = map?.findEntry(line - 1, column - 1) as
    | { originalSource?: string; originalLine?: number; originalColumn?: number }
    | undefined;
  if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) {
    return { file: script.file, line, column };
  }
  const file = resolve(process.cwd(), entry.originalSource);
  return { file, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, lineText: lineOf(file, entry.originalLine) };
}

function lineOf(file: string, index: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[index];
  } catch {
    return undefined;
  }
}
