/**
 * The arguments of the pattern functions as a performer gives them — mini-notation, a number, a
 * pattern, a function of a pattern — checked when the function is called (a wrong one is refused
 * there, naming the function and what it takes, before anything plays) and each with its text,
 * so that the pattern made of them can say how it was written: `every(2, rev, "bd sd hh")`.
 *
 * A function argument (`(p) => ply(2, p)`) is written by calling it once on a stand-in for its
 * pattern, a pattern whose text is `p`: what comes back says what the function does, in the
 * functions' own words, whatever the code around it (a REPL variable it reads is written as its
 * value). That text is what the journal keeps (code.ts reads it back).
 */
import { mini } from "./mini.ts";
import { Pattern, type PatternText, pure } from "./pattern.ts";
import { parseMini } from "./parse.ts";
import { MiniNotationError } from "./tokens.ts";
import { caretUnder, valueTerms } from "./written.ts";

/** A pattern function given something it cannot use. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatternError";
  }
}

/** An argument read: what the function uses, and how it is written (undefined: made in code). */
export interface Arg<A> {
  readonly value: A;
  readonly text: PatternText | undefined;
}

/**
 * How a pattern argument is used: its values `play` (checked against a node's reading), or it is
 * a `rhythm` (struct, mask: only where it has events matters), or `numbers` (an amount, a signal
 * to scale): its values must be numbers.
 */
export type Use = "plays" | "rhythm" | "numbers";

const DESCRIBE: Record<Use, string> = {
  plays: 'mini-notation ("bd sd") or a pattern',
  rhythm: 'mini-notation ("t ~ t t") or a pattern',
  numbers: 'a number or a pattern of numbers ("<1 2>")',
};

/** How a value reads in an error. */
export function describeValue(v: unknown): string {
  if (typeof v === "function") return `a function${v.name ? ` (${v.name})` : ""}`;
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "nothing";
  if (v === null || typeof v !== "object") return String(v);
  return Array.isArray(v) ? "a list" : "an object";
}

const plain = (code: string): PatternText => ({ code, notation: [] });

/** `given`, the `role` argument of `fn`, as a pattern used as `use` says. */
export function patternArg<T>(fn: string, role: string, given: unknown, use: Use = "plays"): Arg<Pattern<T>> {
  if (given instanceof Pattern) {
    const text = given.text && (use === "plays" ? given.text : plain(given.text.code));
    return { value: given as Pattern<T>, text };
  }
  if (typeof given === "number" && Number.isFinite(given)) return { value: pure(given) as Pattern<T>, text: plain(String(given)) };
  if (typeof given === "string") {
    const value = readNotation(fn, role, given, use === "numbers") as Pattern<T>;
    return { value, text: { code: JSON.stringify(given), notation: use === "plays" ? [given] : [] } };
  }
  throw new PatternError(`${fn}: ${role} must be ${DESCRIBE[use]}, got ${describeValue(given)}`);
}

/** Mini-notation read for `fn`: a mistake is refused with its column, under the string. */
function readNotation(fn: string, role: string, source: string, numbers: boolean): Pattern<unknown> {
  try {
    if (numbers) {
      const word = valueTerms(parseMini(source)).find((t) => typeof t.value !== "number");
      if (word) throw new MiniNotationError(word.column, `${JSON.stringify(word.value)} is not a number: ${role} is ${DESCRIBE.numbers}`);
    }
    return mini(source);
  } catch (err) {
    if (!(err instanceof MiniNotationError)) throw err;
    throw new PatternError(`${fn}: ${role}: ${err.message}\n${caretUnder(source, err.column)}`);
  }
}

/** A plain number from `min` to `max` (a probability). */
export function numberArg(fn: string, role: string, given: unknown, min: number, max: number): Arg<number> {
  if (typeof given === "number" && given >= min && given <= max) return { value: given, text: plain(String(given)) };
  throw new PatternError(`${fn}: ${role} must be a number from ${min} to ${max}, got ${describeValue(given)}`);
}

/** A word that names something (the key of a random choice). */
export function wordArg(fn: string, role: string, given: unknown): Arg<string> {
  if (typeof given === "string") return { value: given, text: plain(JSON.stringify(given)) };
  throw new PatternError(`${fn}: ${role} must be a string, got ${describeValue(given)}`);
}

type Change<T> = (p: Pattern<T>) => Pattern<T>;

/** How deep in function arguments the writing is: each level names its stand-in apart (p, p2 …). */
let depth = 0;

/**
 * A function of a pattern (`rev`, `(p) => ply(2, p)`), written by calling it on a stand-in for
 * `base`. What it returns may be mini-notation too.
 */
export function changeArg<T>(fn: string, given: unknown, base: Pattern<T>): Arg<Change<T>> {
  if (typeof given !== "function") {
    throw new PatternError(`${fn}: the change must be a function of a pattern (rev, or (p) => fast(2, p)), got ${describeValue(given)}`);
  }
  const f = given as (p: Pattern<T>) => unknown;
  const role = "the change's result";
  const change: Change<T> = (p) => patternArg<T>(fn, role, f(p)).value;
  const name = depth === 0 ? "p" : `p${depth + 1}`;
  depth++;
  let body: Arg<Pattern<T>>;
  try {
    body = patternArg<T>(fn, role, f(base.withText(plain(name))));
  } finally {
    depth--;
  }
  if (!body.text) return { value: change, text: undefined };
  // `(p) => rev(p)` is `rev`.
  const applied = /^([A-Za-z_$][\w$]*)\(([\w$]+)\)$/.exec(body.text.code);
  const code = applied && applied[2] === name ? applied[1]! : `(${name}) => ${body.text.code}`;
  return { value: change, text: { code, notation: body.text.notation } };
}

/**
 * `made`, the result of `fn(args)`, saying how it was written; without text when an argument has
 * none (a pattern made in code). Arguments left out (undefined) at the end are not written.
 */
export function written<T>(fn: string, made: Pattern<T>, args: ReadonlyArray<Arg<unknown> | undefined>): Pattern<T> {
  const given = [...args];
  while (given.length > 0 && given[given.length - 1] === undefined) given.pop();
  const texts: PatternText[] = [];
  for (const a of given) {
    if (!a?.text) return made;
    texts.push(a.text);
  }
  return made.withText({ code: `${fn}(${texts.map((t) => t.code).join(", ")})`, notation: texts.flatMap((t) => t.notation) });
}
