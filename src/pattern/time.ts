/**
 * Transformations of time, on patterns and exact amounts (the public versions in transform.ts
 * also take patterns and mini-notation for the amounts).
 */
import { type Fraction, frac, ONE, ZERO } from "./fraction.ts";
import { hap, Span } from "./hap.ts";
import { Pattern, silence, slowcat, stack } from "./pattern.ts";

/** `factor` cycles of the pattern in each cycle; 0 is silence, a negative factor also reverses. */
export function fastBy<T>(factor: Fraction, pat: Pattern<T>): Pattern<T> {
  if (factor.n === 0) return silence;
  if (factor.n < 0) return rev(fastBy(factor.neg(), pat));
  if (factor.eq(ONE)) return pat;
  return pat.withTime(factor, ZERO);
}

/** Shifted earlier by `amount` cycles (later when negative). */
export function earlyBy<T>(amount: Fraction, pat: Pattern<T>): Pattern<T> {
  if (amount.n === 0) return pat;
  return pat.withTime(ONE, amount);
}

/** Each cycle played backwards: `a b c` becomes `c b a`. */
export function rev<T>(pat: Pattern<T>): Pattern<T> {
  return new Pattern<T>((span, ctx) => {
    const c = span.begin.floor();
    // Reflect around the middle of the cycle: t ↦ 2c + 1 − t.
    const mirror = c.add(c).add(ONE);
    return pat.query(span.reflect(mirror), ctx).map((h) => hap(h.whole && h.whole.reflect(mirror), h.part.reflect(mirror), h.value));
  }).splitCycles();
}

/** Every event played `times` times within its own length (a whole number ≥ 1). */
export function plyBy<T>(times: number, pat: Pattern<T>): Pattern<T> {
  if (!Number.isInteger(times) || times < 1) return silence;
  if (times === 1) return pat;
  const n = frac(times);
  return new Pattern((span, ctx) =>
    pat.query(span, ctx).flatMap((h) => {
      if (!h.whole) return [h];
      const step = h.whole.end.sub(h.whole.begin).div(n);
      const out = [];
      for (let i = 0; i < times; i++) {
        const b = h.whole.begin.add(step.mul(frac(i)));
        const whole = new Span(b, b.add(step));
        const part = whole.intersect(h.part);
        if (part) out.push(hap(whole, part, h.value));
      }
      return out;
    }),
  );
}

/** Cycle k starts 1/n further in: `iter(4, "a b c d")` plays a b c d, b c d a, c d a b, d a b c. */
export function iterBy<T>(n: number, pat: Pattern<T>): Pattern<T> {
  if (!Number.isInteger(n) || n < 1) return pat;
  return slowcat(Array.from({ length: n }, (_, i) => earlyBy(frac(i, n), pat)));
}

/** The pattern forwards, then backwards, then forwards. */
export function palindrome<T>(pat: Pattern<T>): Pattern<T> {
  return slowcat([pat, rev(pat)]);
}

/** The pattern, plus `f` of a copy delayed by `amount` cycles. */
export function offBy<T>(amount: Fraction, f: (p: Pattern<T>) => Pattern<T>, pat: Pattern<T>): Pattern<T> {
  return stack(pat, f(earlyBy(amount.neg(), pat)));
}

/** `f` applied in every n-th cycle, starting with cycle 0 (n < 1: never). */
export function everyN<T>(n: number, f: (p: Pattern<T>) => Pattern<T>, pat: Pattern<T>): Pattern<T> {
  if (!Number.isInteger(n) || n < 1) return pat;
  const changed = f(pat);
  return new Pattern<T>((span, ctx) => {
    const cycle = span.begin.cycle();
    return (((cycle % n) + n) % n === 0 ? changed : pat).query(span, ctx);
  }).splitCycles();
}

