/**
 * A pattern's code read back: `every(2, (p) => ply(2, p), "bd ~ sd ~")`, as the pattern functions
 * write it (arguments.ts), made into the pattern again. This is how the journal keeps a pattern
 * typed in the REPL, and how replay and a standby engine get it back.
 *
 * It is read, not evaluated as JavaScript: the code may call the pattern functions
 * (pattern-functions.ts), name the signals, write numbers, strings in double quotes and
 * functions of one pattern (`(p) => …`) — nothing else. So a journal can never run anything but
 * patterns, and what a pattern needs besides them (a variable of the REPL) is refused by name.
 */
import { didYouMean } from "../core/did-you-mean.ts";
import { PatternError } from "./arguments.ts";
import { mini } from "./mini.ts";
import { Pattern } from "./pattern.ts";
import * as FUNCTIONS from "./pattern-functions.ts";
import type { Value } from "./syntax.ts";
import { caretUnder } from "./written.ts";

/** The names code may use. */
export const PATTERN_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

type Expr =
  | { readonly kind: "number" | "string"; readonly value: number | string; readonly column: number }
  | { readonly kind: "name"; readonly name: string; readonly column: number }
  | { readonly kind: "call"; readonly name: string; readonly args: Expr[]; readonly column: number }
  | { readonly kind: "function"; readonly param: string; readonly body: Expr; readonly column: number };

interface Token {
  readonly kind: "name" | "number" | "string" | "(" | ")" | "," | "=>" | "end";
  readonly text: string;
  readonly column: number;
}

const TOKEN = /\s*(?:([A-Za-z_$][\w$]*)|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|("(?:[^"\\]|\\.)*")|(=>|[(),]))/y;

/**
 * The pattern `code` writes. Throws PatternError with the column of the first mistake.
 * @example patternOfCode('fast(2, "bd sd")').text?.code // 'fast(2, "bd sd")'
 */
export function patternOfCode(code: string): Pattern<Value> {
  try {
    const value = evaluate(new Reader(tokenize(code)).top(), new Map());
    if (typeof value === "string") return mini(value);
    if (value instanceof Pattern) return value as Pattern<Value>;
    throw new CodeError(1, `this is not a pattern: it is ${typeof value === "function" ? "a function" : String(value)}`);
  } catch (err) {
    if (!(err instanceof CodeError)) throw err;
    throw new PatternError(`column ${err.column}: ${err.message}\n${caretUnder(code, err.column)}`);
  }
}

class CodeError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

function tokenize(code: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const at = TOKEN.lastIndex;
    if (/^\s*$/.test(code.slice(at))) break;
    const m = TOKEN.exec(code);
    if (!m) {
      const column = at + (code.slice(at).length - code.slice(at).trimStart().length) + 1;
      throw new CodeError(column, `unexpected "${code[column - 1]}" (pattern code is calls of the pattern functions, numbers, "strings" and (p) => …)`);
    }
    const column = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4])!.length + 1;
    if (m[1] !== undefined) out.push({ kind: "name", text: m[1], column });
    else if (m[2] !== undefined) out.push({ kind: "number", text: m[2], column });
    else if (m[3] !== undefined) out.push({ kind: "string", text: m[3], column });
    else out.push({ kind: m[4] as Token["kind"], text: m[4]!, column });
  }
  out.push({ kind: "end", text: "", column: code.length + 1 });
  return out;
}

class Reader {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  top(): Expr {
    const e = this.expr();
    this.expect("end");
    return e;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private expect(kind: Token["kind"]): Token {
    const t = this.peek();
    if (t.kind !== kind) throw new CodeError(t.column, `expected ${kind === "end" ? "the end" : `"${kind}"`}, found ${t.kind === "end" ? "the end" : `"${t.text}"`}`);
    this.pos++;
    return t;
  }

  private expr(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case "number":
        this.pos++;
        return { kind: "number", value: Number(t.text), column: t.column };
      case "string":
        this.pos++;
        return { kind: "string", value: JSON.parse(t.text) as string, column: t.column };
      case "name":
        this.pos++;
        return this.peek().kind === "(" ? { kind: "call", name: t.text, args: this.args(), column: t.column } : { kind: "name", name: t.text, column: t.column };
      case "(": {
        this.pos++;
        const param = this.expect("name").text;
        this.expect(")");
        this.expect("=>");
        return { kind: "function", param, body: this.expr(), column: t.column };
      }
      default:
        throw new CodeError(t.column, `expected a pattern, a number or a function, found ${t.kind === "end" ? "the end" : `"${t.text}"`}`);
    }
  }

  private args(): Expr[] {
    this.expect("(");
    const out: Expr[] = [];
    if (this.peek().kind === ")") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.expr());
      const t = this.peek();
      this.pos++;
      if (t.kind === ")") return out;
      if (t.kind !== ",") throw new CodeError(t.column, `expected "," or ")", found ${t.kind === "end" ? "the end" : `"${t.text}"`}`);
    }
  }
}

type Scope = ReadonlyMap<string, unknown>;

function lookup(name: string, column: number, scope: Scope): unknown {
  if (scope.has(name)) return scope.get(name);
  if (Object.hasOwn(FUNCTIONS, name)) return (FUNCTIONS as Record<string, unknown>)[name];
  const hint = didYouMean(name, [...PATTERN_FUNCTION_NAMES, ...scope.keys()]);
  throw new CodeError(column, `${name} is not a pattern function${hint ? `; ${hint}` : ""} (pattern code may use ${PATTERN_FUNCTION_NAMES.join(", ")})`);
}

function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.kind) {
    case "number":
    case "string":
      return e.value;
    case "name":
      return lookup(e.name, e.column, scope);
    case "call": {
      const f = lookup(e.name, e.column, scope);
      if (typeof f !== "function") throw new CodeError(e.column, `${e.name} is not a function (it is a pattern: write it without brackets)`);
      return (f as (...args: unknown[]) => unknown)(...e.args.map((a) => evaluate(a, scope)));
    }
    case "function":
      return (p: unknown) => evaluate(e.body, new Map([...scope, [e.param, p]]));
  }
}
