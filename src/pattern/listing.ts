/**
 * The events that start in a range of cycles, as a plain list: what `magicbus pattern --json`
 * prints and what the docs' examples assert. Times are exact fractions written as "7/6".
 */
import { type Fraction, frac } from "./fraction.ts";
import { hasOnset } from "./hap.ts";
import { type Pattern, type QueryContext, queryContext } from "./pattern.ts";
import type { Value } from "./syntax.ts";

export interface ListedEvent {
  readonly begin: string;
  readonly end: string;
  readonly value: unknown;
}

export interface Onset<T> {
  readonly begin: Fraction;
  readonly end: Fraction;
  readonly value: T;
}

/** Numbers before words, numbers by size, words by their characters (not the locale). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The events whose onset lies in [from, from + cycles), sorted by begin, then value. */
export function onsets<T = Value>(pat: Pattern<T>, from: Fraction | number = 0, cycles: Fraction | number = 1, ctx: QueryContext = queryContext()): Onset<T>[] {
  const begin = frac(from);
  const end = begin.add(frac(cycles));
  return pat
    .events(begin, end, ctx)
    .filter(hasOnset)
    .map((h) => ({ begin: h.whole!.begin, end: h.whole!.end, value: h.value }))
    .sort((a, b) => a.begin.compare(b.begin) || compareValues(a.value, b.value) || a.end.compare(b.end));
}

/** `onsets` with times as exact fraction strings: `{ begin: "1/6", end: "1/3", value: "bd" }`. */
export function listEvents<T = Value>(pat: Pattern<T>, from: Fraction | number = 0, cycles: Fraction | number = 1, ctx?: QueryContext): ListedEvent[] {
  return onsets(pat, from, cycles, ctx).map((e) => ({ begin: e.begin.toString(), end: e.end.toString(), value: e.value }));
}
