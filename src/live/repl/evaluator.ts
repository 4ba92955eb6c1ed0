/**
 * Evaluates REPL entries: TypeScript in (esbuild strips the types), a value or a readable error out.
 * Entries run in one persistent vm context, so what a line declares is there for the next one;
 * the daemon's scope (prelude helpers, the bus, one object per live node) is copied onto that
 * context before every line, so nodes added by a reload are visible at once.
 */
import { didYouMean, LIST_IN_FULL } from "../../core/did-you-mean.ts";
import { transform, type Message, type TransformFailure } from "esbuild";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect, types } from "node:util";
import vm from "node:vm";
import { codeFrame } from "../code-frame.ts";
import { rewriteAsScript, rewriteWithAwait, UnsupportedInput } from "./rewrite.ts";
import { scan } from "./scan.ts";

export interface EvalResult {
  value?: unknown;
  error?: string;
  /** The entry is unfinished (an open bracket or template at its end): ask for more. */
  incomplete?: boolean;
}

export interface ReplEvaluatorOptions {
  /** How long the synchronous part of an entry may run before it is stopped (default 2000 ms). */
  timeoutMs?: number;
  /** Told when an entry's synchronous part starts (true) and ends (false): a supervisor's heartbeat. */
  running?: (on: boolean) => void;
  /** The nodes playing now: a name the line used that does not exist is answered with them. */
  nodes?: () => string[];
}

/** What every REPL context has besides the language's own globals. */
const HOST_GLOBALS: Record<string, unknown> = {
  console,
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval,
  setImmediate,
  clearImmediate,
  queueMicrotask,
  structuredClone,
  Buffer,
  URL,
  URLSearchParams,
  TextEncoder,
  TextDecoder,
  AbortController,
  AbortSignal,
  performance,
};

/**
 * `import("x")` in an entry calls this instead: vm's own hook for dynamic import is experimental
 * in Node 20 (a flag or a warning). Paths are relative to the working directory, as a user expects.
 */
const IMPORT = "__magicbusImport";
function dynamicImport(specifier: string): Promise<unknown> {
  const local = specifier.startsWith(".") || isAbsolute(specifier);
  return import(local ? pathToFileURL(resolve(specifier)).href : specifier);
}

type Compiled = { script: vm.Script; awaits: boolean } | { error: string } | { incomplete: true };

export class ReplEvaluator {
  private readonly context: vm.Context;
  private readonly builtins: Set<string>;
  private readonly timeoutMs: number;
  private readonly running: ((on: boolean) => void) | undefined;
  private readonly nodes: (() => string[]) | undefined;
  /** Keys the last scope() supplied: one that disappears (a removed node) is removed here too. */
  private provided = new Map<string, unknown>();

  /** scope() is called for every line, so names added since (new nodes) appear. Its keys are globals for the line. */
  constructor(
    private readonly scope: () => Record<string, unknown>,
    options: ReplEvaluatorOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.running = options.running;
    this.nodes = options.nodes;
    this.context = vm.createContext({ ...HOST_GLOBALS, [IMPORT]: dynamicImport });
    this.builtins = new Set(Object.getOwnPropertyNames(vm.runInContext("globalThis", this.context)));
  }

  /** Names a line can use: the scope's and the ones earlier lines declared (for Tab completion). */
  names(): string[] {
    const own = Object.getOwnPropertyNames(this.context).filter((n) => !this.builtins.has(n));
    return [...new Set([...own, ...Object.keys(this.safeScope())])];
  }

  /** The value a dotted path (`arp`, `arp.config`) has in the REPL's global scope, if any. */
  lookup(path: string): unknown {
    const [first = "", ...rest] = path.split(".");
    const scope = this.safeScope();
    let value: unknown = first in scope ? scope[first] : this.context[first];
    for (const part of rest) {
      if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
      try {
        value = (value as Record<string, unknown>)[part];
      } catch {
        return undefined; // a name a node handle refuses (not a param): nothing to complete
      }
    }
    return value;
  }

  /**
   * Run one entry. `onComplete` is called once the entry is known to be complete, before it runs
   * (so a journal records the line before the changes it makes); not for an incomplete entry.
   */
  async evaluate(input: string, onComplete?: () => void): Promise<EvalResult> {
    try {
      if (input.trim() === "") return {};
      const compiled = await this.compile(input);
      if (!("incomplete" in compiled)) onComplete?.();
      if (!("script" in compiled)) return compiled;
      this.refreshScope();
      this.running?.(true);
      let value: unknown;
      try {
        value = compiled.script.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false });
      } finally {
        this.running?.(false);
      }
      return { value: compiled.awaits ? await value : value };
    } catch (err) {
      return { error: this.describe(err) };
    }
  }

  private safeScope(): Record<string, unknown> {
    try {
      return this.scope();
    } catch {
      return {};
    }
  }

  private refreshScope(): void {
    const scope = this.scope();
    for (const [key, value] of this.provided) {
      if (!(key in scope) && this.context[key] === value) Reflect.deleteProperty(this.context, key);
    }
    this.provided = new Map(Object.entries(scope));
    for (const [key, value] of this.provided) this.context[key] = value;
  }

  private async compile(input: string): Promise<Compiled> {
    let js: string | undefined;
    // `{ a: 1 }` is an object, not a block with a label, as in node's REPL.
    if (/^\s*\{/.test(input) && /\}\s*$/.test(input)) js = await transpile(`(${input})`).catch(() => undefined);
    if (js === undefined) {
      try {
        js = await transpile(input);
      } catch (err) {
        return syntaxError(input, err);
      }
    }
    try {
      if (/^\s*import(\s+[\w$]|\s*[{*"'])/m.test(input)) {
        throw new UnsupportedInput('import declarations do not work in the REPL: write `const { x } = await import("module")`');
      }
      js = routeDynamicImports(js);
      const options: vm.ScriptOptions = { filename: "repl" };
      const plain = rewriteAsScript(js);
      try {
        return { script: new vm.Script(plain, options), awaits: false };
      } catch (err) {
        // V8 rejects `await` in a script: the entry needs the async form.
        if (!(err instanceof SyntaxError) || !scan(js).some((t) => t.text === "await")) throw err;
        return { script: new vm.Script(await rewriteWithAwait(js), options), awaits: true };
      }
    } catch (err) {
      if (err instanceof UnsupportedInput) return { error: err.message };
      return { error: this.describe(err) };
    }
  }

  /** `foo is not defined`, with the names nearest to it and the nodes playing (a mistyped node is the usual cause). */
  private noSuchName(word: string, nodes: string[]): string {
    // One or two letters are near everything: no guess for them.
    const hint = word.length >= 3 ? didYouMean(word, this.names()) : "";
    const list = nodes.length === 0 ? "no nodes are playing" : `nodes: ${nodes.length <= LIST_IN_FULL ? nodes.join(", ") : `${nodes.slice(0, LIST_IN_FULL).join(", ")}, …`}`;
    return `${word} is not defined${hint ? `; ${hint}` : ""} (${list}; .help lists the commands)`;
  }

  private describe(err: unknown): string {
    if ((err as { code?: unknown })?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      return `timed out: the line ran for more than ${this.timeoutMs} ms and was stopped`;
    }
    // Errors made inside the context are not `instanceof Error` here; isNativeError sees them.
    if (types.isNativeError(err) || err instanceof Error) {
      const { name, message } = err as Error;
      const unknown = name === "ReferenceError" ? /^(\S+) is not defined$/.exec(message)?.[1] : undefined;
      if (unknown && this.nodes) return `${name}: ${this.noSuchName(unknown, this.nodes())}`;
      const method = name === "TypeError" ? /^(".*")\.(\w+) is not a function$/.exec(message) : null;
      if (method && this.names().includes(method[2]!)) return `${name}: ${message}: ${patternFunctionHint(method[2]!, method[1]!)}`;
      return `${name || "Error"}: ${message}`;
    }
    return `Uncaught ${inspect(err)}`;
  }
}

/**
 * Strudel writes `"bd sd".fast(2)`; here, as in Tidal, the pattern functions take the pattern
 * last. The usual slip of a performer coming from Strudel gets the spelling that works.
 */
function patternFunctionHint(fn: string, pattern: string): string {
  return `the pattern functions take the pattern last, as in Tidal: ${fn}(…, ${pattern}), e.g. fast(2, "bd sd")`;
}

function routeDynamicImports(js: string): string {
  const tokens = scan(js);
  let out = "";
  let at = 0;
  tokens.forEach((t, i) => {
    if (t.text === "import" && tokens[i + 1]?.text === "(" && tokens[i - 1]?.text !== ".") {
      out += js.slice(at, t.start) + IMPORT;
      at = t.end;
    }
  });
  return out + js.slice(at);
}

async function transpile(input: string): Promise<string> {
  const result = await transform(input, { loader: "ts", target: "node20", format: undefined, logLevel: "silent" });
  return result.code;
}

const UNFINISHED = /end of file|^Unterminated/;

function openQuotedString(input: string): boolean {
  const last = scan(input).at(-1);
  if (!last || last.kind !== "string") return false;
  return last.text.length < 2 || last.text.at(-1) !== last.text[0] || last.text.at(-2) === "\\";
}

function syntaxError(input: string, err: unknown): { error: string } | { incomplete: true } {
  const first: Message | undefined = (err as TransformFailure).errors?.[0];
  if (!first) return { error: String(err) };
  const loc = first.location;
  // A quoted string cannot go on to the next line (unless the line ends in a backslash): reporting
  // it at once beats a "... " prompt that no continuation can satisfy. Templates do continue.
  if (loc && UNFINISHED.test(first.text) && !(openQuotedString(input) && !/\\$/.test(input))) {
    const lines = input.replace(/\s+$/, "").split("\n");
    const atEnd = loc.line > lines.length || (loc.line === lines.length && loc.column >= lines[lines.length - 1]!.length);
    if (atEnd || /end of file/.test(first.text)) return { incomplete: true };
  }
  const where = loc ? { file: "repl", line: loc.line, column: loc.column + 1, lineText: loc.lineText } : undefined;
  return { error: codeFrame(`SyntaxError: ${first.text}`, where) };
}
