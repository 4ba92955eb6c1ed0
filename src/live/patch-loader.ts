/**
 * Loads patches: compiles the prelude and each patch, evaluates them against the running
 * system's modules, and runs the patch's default export with the prelude's helpers bound to
 * the live context. Every failure becomes a PatchError with file:line:col and a code frame.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as magicbus from "../index.ts";
import type { NodeLike } from "../core/system.ts";
import { compileScript, type CompiledScript } from "./compile.ts";
import type { LiveContext, PatchFunction } from "../patch/context.ts";
import { evaluateScript } from "./evaluate.ts";
import { locateError } from "./error-location.ts";
import { PatchError } from "./patch-error.ts";

/** prelude.ts at the top of the repository. */
export const DEFAULT_PRELUDE = resolve(fileURLToPath(new URL("../../prelude.ts", import.meta.url)));

type Prelude = Record<string, unknown> & {
  runPatch: (ctx: LiveContext, fn: PatchFunction) => Promise<NodeLike[]>;
};

export class PatchLoader {
  /** Told when a patch's top level starts running (its file) and when it is done (undefined). */
  running: ((file: string | undefined) => void) | undefined;
  /** The script whose top level is running now, if any. */
  loading: CompiledScript | undefined;
  private prelude: Prelude | undefined;
  private preludeScript: CompiledScript | undefined;

  constructor(readonly preludePath: string = DEFAULT_PRELUDE) {}

  /** Files the prelude is built from (to watch). */
  get preludeInputs(): string[] {
    return this.preludeScript?.inputs ?? [this.preludePath];
  }

  /** (Re)build the prelude. Its exports are what patches and the REPL get without an import. */
  async loadPrelude(): Promise<Prelude> {
    const script = await compileScript(this.preludePath);
    const exports = this.evaluate(script, { magicbus });
    if (typeof exports.runPatch !== "function") {
      throw new PatchError("the prelude must export runPatch (keep the one prelude.ts ships with)", undefined, "validate");
    }
    this.preludeScript = script;
    this.prelude = exports as Prelude;
    return this.prelude;
  }

  /** The compiled prelude in use (journaled, so a replay uses the very same helpers). */
  get preludeCode(): string | undefined {
    return this.preludeScript?.code;
  }

  /** Use an already compiled prelude (replay). */
  usePreludeCode(code: string): Prelude {
    const script: CompiledScript = { file: this.preludePath, code, inputs: [this.preludePath] };
    const exports = this.evaluate(script, { magicbus });
    if (typeof exports.runPatch !== "function") throw new PatchError("this prelude has no runPatch", undefined, "validate");
    this.preludeScript = script;
    this.prelude = exports as Prelude;
    return this.prelude;
  }

  /** The prelude's exports, if it has been built (or taken from a journal). */
  get preludeNow(): Prelude | undefined {
    return this.prelude;
  }

  async preludeExports(): Promise<Prelude> {
    return this.prelude ?? (await this.loadPrelude());
  }

  /** Compile a patch; throws PatchError on a syntax or import error. */
  async compile(file: string): Promise<CompiledScript> {
    const prelude = await this.preludeExports();
    return compileScript(file, { preludeNames: Object.keys(prelude) });
  }

  /** Evaluate a compiled patch and run its default export with `ctx`: the nodes it makes. */
  async instantiate(script: CompiledScript, ctx: LiveContext): Promise<NodeLike[]> {
    const prelude = await this.preludeExports();
    this.running?.(script.file);
    this.loading = script;
    try {
      return await this.make(script, ctx, prelude);
    } finally {
      this.loading = undefined;
      this.running?.(undefined);
    }
  }

  private async make(script: CompiledScript, ctx: LiveContext, prelude: Prelude): Promise<NodeLike[]> {
    const exports = this.evaluate(script, { magicbus, "magicbus/prelude": prelude });
    const fn = exports.default;
    if (typeof fn !== "function") {
      throw new PatchError(
        `the default export must be a patch function (export default patch((ctx) => { … })), got ${typeof fn}`,
        { file: script.file, line: 1, column: 1 },
        "validate",
      );
    }
    let nodes: NodeLike[];
    try {
      nodes = await prelude.runPatch({ ...ctx, file: script.file }, fn as PatchFunction);
    } catch (err) {
      throw this.loadError(err, script);
    }
    nodes.forEach((n, i) => {
      if (!n || typeof (n as NodeLike).start !== "function") {
        throw new PatchError(
          `node ${i + 1} the patch returned is not a node (an object with async start()), got ${JSON.stringify(n)}`,
          { file: script.file, line: 1, column: 1 },
          "validate",
        );
      }
    });
    return nodes;
  }

  /** Compile and instantiate in one go. */
  async load(file: string, ctx: LiveContext): Promise<{ script: CompiledScript; nodes: NodeLike[] }> {
    const script = await this.compile(file);
    return { script, nodes: await this.instantiate(script, ctx) };
  }

  private evaluate(script: CompiledScript, shared: Record<string, unknown>): Record<string, unknown> {
    try {
      return evaluateScript(script, shared);
    } catch (err) {
      throw this.loadError(err, script);
    }
  }

  private loadError(err: unknown, script: CompiledScript): PatchError {
    if (err instanceof PatchError) return err;
    const message = err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
    return new PatchError(`threw while loading: ${message}`, locateError(err, script), "load");
  }
}
