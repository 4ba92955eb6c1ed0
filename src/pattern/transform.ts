/**
 * The transformations a performer writes, Tidal's names and argument order:
 * `fast(2, "bd sd")`, `every(3, rev, p)`, `off(0.125, (p) => fast(2, p), p)`. A pattern can be given
 * as mini-notation, and an amount as a number, mini-notation (`fast("<1 2>", p)`) or a pattern.
 */
import { chooseByCycle, degradeBy as degradeKeyed, sometimesBy as sometimesKeyed } from "./chance.ts";
import { type Fraction, frac } from "./fraction.ts";
import { mini } from "./mini.ts";
import { fastcat, Pattern, patterned, pure, slowcat, stack as stackAll } from "./pattern.ts";
import { euclidBool, maskBy, segmentBy, structBy } from "./structure.ts";
import type { Value } from "./syntax.ts";
import { earlyBy, everyN, fastBy, iterBy, offBy, palindrome as palindromeOf, plyBy, rev as revOf } from "./time.ts";

/** A pattern, or mini-notation for one. */
export type PatternLike<T = Value> = Pattern<T> | string;
/** A number, or a pattern of numbers (as mini-notation or a pattern). */
export type Amount = number | string | Pattern<number>;
type Change<T> = (p: Pattern<T>) => Pattern<T>;

/** Mini-notation read, a pattern kept, a plain value made a pattern of one event per cycle. */
export function pattern<T = Value>(p: PatternLike<T> | T): Pattern<T> {
  if (p instanceof Pattern) return p;
  if (typeof p === "string") return mini(p) as unknown as Pattern<T>;
  return pure(p);
}

function amount(a: Amount): Pattern<number> {
  return typeof a === "number" ? pure(a) : (pattern(a) as Pattern<number>);
}

const exact = (x: number): Fraction => frac(x);

/** @example fast(2, "a b") // a b a b in one cycle */
export function fast<T = Value>(factor: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(factor), (f) => fastBy(exact(f), p));
}

/** @example slow(2, "a b") // a in cycle 0, b in cycle 1 */
export function slow<T = Value>(factor: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(factor), (f) => (f === 0 ? fastBy(exact(0), p) : fastBy(frac(1).div(exact(f)), p)));
}

/** Shifted earlier by `cycles`: @example early(0.25, "a b c d") // b c d a */
export function early<T = Value>(cycles: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(cycles), (t) => earlyBy(exact(t), p));
}

/** Shifted later by `cycles`: @example late(0.25, "a b c d") // d a b c */
export function late<T = Value>(cycles: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(cycles), (t) => earlyBy(exact(-t), p));
}

/** Each cycle backwards: @example rev("a b c") // c b a */
export function rev<T = Value>(pat: PatternLike<T>): Pattern<T> {
  return revOf(pattern(pat));
}

/** `f` in cycles 0, n, 2n, …: @example every(2, rev, "a b") // b a | a b | b a … */
export function every<T = Value>(n: Amount, f: Change<T>, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(n), (k) => everyN(k, f, p));
}

/** Each event repeated `times` within its length: @example ply(2, "a b") // a a b b */
export function ply<T = Value>(times: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(times), (k) => plyBy(k, p));
}

/** @example iter(4, "a b c d") // a b c d | b c d a | c d a b | d a b c */
export function iter<T = Value>(n: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(n), (k) => iterBy(k, p));
}

/** @example palindrome("a b c") // a b c | c b a */
export function palindrome<T = Value>(pat: PatternLike<T>): Pattern<T> {
  return palindromeOf(pattern(pat));
}

/** The pattern with `f` of a copy `cycles` later on top: @example off(0.25, (p) => p, "a") // a, and a at 1/4 */
export function off<T = Value>(cycles: Amount, f: Change<T>, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(cycles), (t) => offBy(exact(t), f, p));
}

/**
 * Each event dropped with probability `probability`, keyed by its start (and `salt`): the same
 * events drop on every replay. @example degradeBy(0.5, "hh*8")
 */
export function degradeBy<T = Value>(probability: number, pat: PatternLike<T>, salt = "degradeBy"): Pattern<T> {
  return degradeKeyed(probability, pattern(pat), salt);
}

/** `f` on each event with probability `probability` (keyed like `degradeBy`). */
export function sometimesBy<T = Value>(probability: number, f: Change<T>, pat: PatternLike<T>, salt = "sometimesBy"): Pattern<T> {
  return sometimesKeyed(probability, f, pattern(pat), salt);
}

/** All at once: @example stack("a", "b c") */
export function stack<T = Value>(...pats: PatternLike<T>[]): Pattern<T> {
  return stackAll(...pats.map((p) => pattern(p)));
}

/** One per cycle, in turn (the notation's `<a b>`): @example cat("a", "b c") // a | b c */
export function cat<T = Value>(...pats: PatternLike<T>[]): Pattern<T> {
  return slowcat(pats.map((p) => pattern(p)));
}

/** All in one cycle, as steps (the notation's `a b`): @example seq("a", "b c") // a [b c] */
export function seq<T = Value>(...pats: PatternLike<T>[]): Pattern<T> {
  return fastcat(pats.map((p) => pattern(p)));
}

/** One of the patterns per cycle, at random (keyed by cycle and `salt`). */
export function choose<T = Value>(salt: string, ...pats: PatternLike<T>[]): Pattern<T> {
  return chooseByCycle(pats.map((p) => pattern(p)), salt);
}

/** The rhythm's hits with the values of `pat`: @example struct("t ~ t t", "c") */
export function struct<T = Value>(rhythm: PatternLike<unknown>, pat: PatternLike<T>): Pattern<T> {
  return structBy(pattern(rhythm), pattern(pat));
}

/** `pat` only where the rhythm is a hit: @example mask("1 0", "a*4") // a a ~ ~ */
export function mask<T = Value>(rhythm: PatternLike<unknown>, pat: PatternLike<T>): Pattern<T> {
  return maskBy(pattern(rhythm), pattern(pat));
}

/** `pat` on the hits of E(pulses, steps), rotated left: @example euclid(3, 8, "bd") // x..x..x. */
export function euclid<T = Value>(pulses: Amount, steps: Amount, pat: PatternLike<T>, rotation: Amount = 0): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(pulses), (k) => patterned(amount(steps), (n) => patterned(amount(rotation), (r) => euclidBool(k, n, r, p))));
}

/** A signal sampled `n` times per cycle: @example segment(4, saw) // 0 1/4 1/2 3/4 */
export function segment<T = Value>(n: Amount, pat: PatternLike<T>): Pattern<T> {
  const p = pattern(pat);
  return patterned(amount(n), (k) => segmentBy(k, p));
}

/** Values in [0, 1] scaled to [low, high]: @example range(40, 80, segment(2, saw)) // 40 60 */
export function range(low: Amount, high: Amount, pat: Pattern<number>): Pattern<number> {
  return patterned(amount(low), (lo) => patterned(amount(high), (hi) => pat.withValue((v) => lo + v * (hi - lo))));
}
