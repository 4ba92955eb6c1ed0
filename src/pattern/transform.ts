/**
 * The transformations a performer writes, Tidal's names and argument order:
 * `fast(2, "bd sd")`, `every(3, rev, p)`, `off(0.125, (p) => fast(2, p), p)`. A pattern can be given
 * as mini-notation, and an amount as a number, mini-notation (`fast("<1 2>", p)`) or a pattern.
 * Each checks its arguments when called (a wrong one throws PatternError, naming what it takes)
 * and each result says how it was written (arguments.ts), so a node can show it and the journal
 * keep it.
 */
import { type Arg, changeArg, numberArg, patternArg, wordArg, written } from "./arguments.ts";
import { chooseByCycle, degradeBy as degradeKeyed, sometimesBy as sometimesKeyed } from "./chance.ts";
import { type Fraction, frac, fracNear } from "./fraction.ts";
import { fastcat, type Pattern, patterned, pure, slowcat, stack as stackAll } from "./pattern.ts";
import { euclidBool, maskBy, segmentBy, structBy } from "./structure.ts";
import type { Value } from "./syntax.ts";
import { earlyBy, everyN, fastBy, iterBy, offBy, palindrome as palindromeOf, plyBy, rev as revOf } from "./time.ts";

/** A pattern, or mini-notation for one. */
export type PatternLike<T = Value> = Pattern<T> | string;
/** A number, or a pattern of numbers (as mini-notation or a pattern). */
export type Amount = number | string | Pattern<number>;
type Change<T> = (p: Pattern<T>) => Pattern<T> | string;

// Amounts may come from signals: a time that is no fraction becomes the nearest one (fracNear).
const asTime = (x: number): Fraction => fracNear(x);
const amount = (fn: string, role: string, a: unknown): Arg<Pattern<number>> => patternArg<number>(fn, role, a, "numbers");
const played = <T>(fn: string, p: unknown, role = "the pattern"): Arg<Pattern<T>> => patternArg<T>(fn, role, p);
const each = <T>(fn: string, pats: readonly unknown[]): Arg<Pattern<T>>[] => pats.map((p, i) => played<T>(fn, p, `pattern ${i + 1}`));

/** @example fast(2, "a b") // a b a b in one cycle */
export function fast<T = Value>(factor: Amount, pat: PatternLike<T>): Pattern<T> {
  const [f, p] = [amount("fast", "the factor", factor), played<T>("fast", pat)];
  return written("fast", patterned(f.value, (x) => fastBy(asTime(x), p.value)), [f, p]);
}

/** @example slow(2, "a b") // a in cycle 0, b in cycle 1 */
export function slow<T = Value>(factor: Amount, pat: PatternLike<T>): Pattern<T> {
  const [f, p] = [amount("slow", "the factor", factor), played<T>("slow", pat)];
  return written("slow", patterned(f.value, (x) => fastBy(x === 0 ? asTime(0) : frac(1).div(asTime(x)), p.value)), [f, p]);
}

/** Shifted earlier by `cycles`: @example early(0.25, "a b c d") // b c d a */
export function early<T = Value>(cycles: Amount, pat: PatternLike<T>): Pattern<T> {
  const [t, p] = [amount("early", "the shift", cycles), played<T>("early", pat)];
  return written("early", patterned(t.value, (x) => earlyBy(asTime(x), p.value)), [t, p]);
}

/** Shifted later by `cycles`: @example late(0.25, "a b c d") // d a b c */
export function late<T = Value>(cycles: Amount, pat: PatternLike<T>): Pattern<T> {
  const [t, p] = [amount("late", "the shift", cycles), played<T>("late", pat)];
  return written("late", patterned(t.value, (x) => earlyBy(asTime(-x), p.value)), [t, p]);
}

/** Each cycle backwards: @example rev("a b c") // c b a */
export function rev<T = Value>(pat: PatternLike<T>): Pattern<T> {
  const p = played<T>("rev", pat);
  return written("rev", revOf(p.value), [p]);
}

/** `f` in cycles 0, n, 2n, …: @example every(2, rev, "a b") // b a | a b | b a … */
export function every<T = Value>(n: Amount, f: Change<T>, pat: PatternLike<T>): Pattern<T> {
  const [k, p] = [amount("every", "the count", n), played<T>("every", pat)];
  const c = changeArg("every", f, p.value);
  return written("every", patterned(k.value, (x) => everyN(x, c.value, p.value)), [k, c, p]);
}

/** Each event repeated `times` within its length: @example ply(2, "a b") // a a b b */
export function ply<T = Value>(times: Amount, pat: PatternLike<T>): Pattern<T> {
  const [k, p] = [amount("ply", "the times", times), played<T>("ply", pat)];
  return written("ply", patterned(k.value, (x) => plyBy(x, p.value)), [k, p]);
}

/** @example iter(4, "a b c d") // a b c d | b c d a | c d a b | d a b c */
export function iter<T = Value>(n: Amount, pat: PatternLike<T>): Pattern<T> {
  const [k, p] = [amount("iter", "the parts", n), played<T>("iter", pat)];
  return written("iter", patterned(k.value, (x) => iterBy(x, p.value)), [k, p]);
}

/** @example palindrome("a b c") // a b c | c b a */
export function palindrome<T = Value>(pat: PatternLike<T>): Pattern<T> {
  const p = played<T>("palindrome", pat);
  return written("palindrome", palindromeOf(p.value), [p]);
}

/** The pattern with `f` of a copy `cycles` later on top: @example off(0.25, (p) => p, "a") // a, and a at 1/4 */
export function off<T = Value>(cycles: Amount, f: Change<T>, pat: PatternLike<T>): Pattern<T> {
  const [t, p] = [amount("off", "the shift", cycles), played<T>("off", pat)];
  const c = changeArg("off", f, p.value);
  return written("off", patterned(t.value, (x) => offBy(asTime(x), c.value, p.value)), [t, c, p]);
}

/** The key of a random term, written only when it is not the default. */
const salted = (fn: string, salt: string) => (salt === fn ? undefined : wordArg(fn, "the key", salt));

/**
 * Each event dropped with probability `probability`, keyed by its start (and `salt`): the same
 * events drop on every replay. @example degradeBy(0.5, "hh*8")
 */
export function degradeBy<T = Value>(probability: number, pat: PatternLike<T>, salt = "degradeBy"): Pattern<T> {
  const [q, p, s] = [numberArg("degradeBy", "the probability", probability, 0, 1), played<T>("degradeBy", pat), salted("degradeBy", salt)];
  return written("degradeBy", degradeKeyed(q.value, p.value, salt), [q, p, s]);
}

/** `f` on each event with probability `probability` (keyed like `degradeBy`). */
export function sometimesBy<T = Value>(probability: number, f: Change<T>, pat: PatternLike<T>, salt = "sometimesBy"): Pattern<T> {
  const [q, p, s] = [numberArg("sometimesBy", "the probability", probability, 0, 1), played<T>("sometimesBy", pat), salted("sometimesBy", salt)];
  const c = changeArg("sometimesBy", f, p.value);
  return written("sometimesBy", sometimesKeyed(q.value, c.value, p.value, salt), [q, c, p, s]);
}

/** All at once: @example stack("a", "b c") */
export function stack<T = Value>(...pats: PatternLike<T>[]): Pattern<T> {
  const ps = each<T>("stack", pats);
  return written("stack", stackAll(...ps.map((p) => p.value)), ps);
}

/** One per cycle, in turn (the notation's `<a b>`): @example cat("a", "b c") // a | b c */
export function cat<T = Value>(...pats: PatternLike<T>[]): Pattern<T> {
  const ps = each<T>("cat", pats);
  return written("cat", slowcat(ps.map((p) => p.value)), ps);
}

/** All in one cycle, as steps (the notation's `a b`): @example seq("a", "b c") // a [b c] */
export function seq<T = Value>(...pats: PatternLike<T>[]): Pattern<T> {
  const ps = each<T>("seq", pats);
  return written("seq", fastcat(ps.map((p) => p.value)), ps);
}

/** One of the patterns per cycle, at random (keyed by cycle and `salt`). */
export function choose<T = Value>(salt: string, ...pats: PatternLike<T>[]): Pattern<T> {
  const s = wordArg("choose", "the key", salt);
  const ps = each<T>("choose", pats);
  return written("choose", chooseByCycle(ps.map((p) => p.value), salt), [s, ...ps]);
}

/** The rhythm's hits with the values of `pat`: @example struct("t ~ t t", "c") */
export function struct<T = Value>(rhythm: PatternLike<unknown>, pat: PatternLike<T>): Pattern<T> {
  const [r, p] = [patternArg<unknown>("struct", "the rhythm", rhythm, "rhythm"), played<T>("struct", pat)];
  return written("struct", structBy(r.value, p.value), [r, p]);
}

/** `pat` only where the rhythm is a hit: @example mask("1 0", "a*4") // a a ~ ~ */
export function mask<T = Value>(rhythm: PatternLike<unknown>, pat: PatternLike<T>): Pattern<T> {
  const [r, p] = [patternArg<unknown>("mask", "the rhythm", rhythm, "rhythm"), played<T>("mask", pat)];
  return written("mask", maskBy(r.value, p.value), [r, p]);
}

/** `pat` on the hits of E(pulses, steps), rotated left: @example euclid(3, 8, "bd") // x..x..x. */
export function euclid<T = Value>(pulses: Amount, steps: Amount, pat: PatternLike<T>, rotation?: Amount): Pattern<T> {
  const [k, n, p] = [amount("euclid", "the pulses", pulses), amount("euclid", "the steps", steps), played<T>("euclid", pat)];
  const r = rotation === undefined ? undefined : amount("euclid", "the rotation", rotation);
  const made = patterned(k.value, (a) => patterned(n.value, (b) => patterned(r?.value ?? pure(0), (c) => euclidBool(a, b, c, p.value))));
  return written("euclid", made, [k, n, p, r]);
}

/** A signal sampled `n` times per cycle: @example segment(4, saw) // 0 1/4 1/2 3/4 */
export function segment<T = Value>(n: Amount, pat: PatternLike<T>): Pattern<T> {
  const [k, p] = [amount("segment", "the samples", n), played<T>("segment", pat)];
  return written("segment", patterned(k.value, (x) => segmentBy(x, p.value)), [k, p]);
}

/** Values in [0, 1] scaled to [low, high]: @example range(40, 80, segment(2, saw)) // 40 60 */
export function range(low: Amount, high: Amount, pat: Amount): Pattern<number> {
  const [lo, hi, p] = [amount("range", "low", low), amount("range", "high", high), amount("range", "the signal", pat)];
  const made = patterned(lo.value, (a) => patterned(hi.value, (b) => p.value.withValue((v) => a + v * (b - a))));
  return written("range", made, [lo, hi, p]);
}
