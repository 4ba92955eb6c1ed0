/**
 * Evaluate a compiled script as a function of (exports, require, module, __filename, __dirname),
 * not as an ES module: Node's ESM cache never frees a module, so importing every saved version
 * would leak; a function's code is freed once nothing refers to it.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { runInThisContext } from "node:vm";
import type { CompiledScript } from "./compile.ts";
import { PatchError } from "./patch-error.ts";

/** The modules a patch shares with the running system, by import specifier. */
export type SharedModules = Record<string, unknown>;

export function evaluateScript(script: CompiledScript, shared: SharedModules): Record<string, unknown> {
  const fallback = createRequire(script.file);
  const requireShared = (id: string): unknown => (id in shared ? shared[id] : fallback(id));
  const module = { exports: {} as Record<string, unknown> };
  let fn: (...args: unknown[]) => void;
  try {
    fn = runInThisContext(
      `(function (exports, require, module, __filename, __dirname) {${script.code}\n})`,
      { filename: script.file },
    ) as typeof fn;
  } catch (err) {
    throw new PatchError(`cannot evaluate: ${(err as Error).message}`, undefined, "load");
  }
  fn(module.exports, requireShared, module, script.file, dirname(script.file));
  return module.exports;
}
