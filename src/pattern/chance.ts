/**
 * Chance, keyed by position: an event's fate is a pure function of (seed, node, which random
 * term, the event's start). The same event gets the same draw whichever span the query covers,
 * a replay from the middle of a set repeats it, and raising a probability keeps every event that
 * the lower one kept.
 */
import type { Fraction } from "./fraction.ts";
import { type Hap, wholeOrPart } from "./hap.ts";
import { Pattern, type QueryContext, signal, stack } from "./pattern.ts";

/** The draw in [0, 1) for the event starting at `at`, for the random term `salt`. */
export function drawAt(ctx: QueryContext, salt: string, at: Fraction): number {
  return ctx.random.at(salt, at.n, at.d);
}

const drawFor = (ctx: QueryContext, salt: string, h: Hap) => drawAt(ctx, salt, wholeOrPart(h).begin);

/**
 * Each event dropped with probability `probability`. `salt` names the random term: two degrades
 * with different salts drop independently, two with the same drop the same events.
 */
export function degradeBy<T>(probability: number, pat: Pattern<T>, salt = "degradeBy"): Pattern<T> {
  if (probability <= 0) return pat;
  return pat.filter((h, ctx) => drawFor(ctx, salt, h) >= probability);
}

/** Exactly the events `degradeBy` (same probability and salt) drops. */
export function undegradeBy<T>(probability: number, pat: Pattern<T>, salt = "degradeBy"): Pattern<T> {
  return pat.filter((h, ctx) => drawFor(ctx, salt, h) < probability);
}

/** `f` applied to each event with probability `probability`, the others left as they are. */
export function sometimesBy<T>(probability: number, f: (p: Pattern<T>) => Pattern<T>, pat: Pattern<T>, salt = "sometimesBy"): Pattern<T> {
  return stack(degradeBy(probability, pat, salt), f(undegradeBy(probability, pat, salt)));
}

/** One of the patterns chosen at random for each cycle (the notation's `a | b | c`). */
export function chooseByCycle<T>(pats: Pattern<T>[], salt: string): Pattern<T> {
  if (pats.length === 1) return pats[0]!;
  return new Pattern<T>((span, ctx) => {
    const cycle = span.begin.floor();
    const i = Math.floor(drawAt(ctx, salt, cycle) * pats.length);
    return pats[i]!.query(span, ctx);
  }).splitCycles();
}

/** A continuous random signal in [0, 1), the same at the same moment in every query. */
export const rand: Pattern<number> = signal((t, ctx) => drawAt(ctx, "rand", t));

