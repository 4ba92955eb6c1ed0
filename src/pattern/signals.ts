/**
 * Continuous signals: a value at every moment, one cycle per period, in [0, 1]. Sample them with
 * `segment` and scale with `range`. Each reads its phase from the exact position in the cycle, so
 * the value at cycle 100 000 + 1/4 is the value at 1/4.
 */
import { rand as randOf } from "./chance.ts";
import { type Pattern, signal } from "./pattern.ts";

/** A signal written as its name (`saw`), as the pattern functions write it. */
const named = <T>(code: string, p: Pattern<T>): Pattern<T> => p.withText({ code, notation: [] });

/** A random value in [0, 1) at every moment, keyed by the moment (the same on every replay). */
export const rand = named("rand", randOf);

/** Rises from 0 to 1 over each cycle. */
export const saw = named("saw", signal((t) => t.cyclePos().toNumber()));
/** Falls from 1 to 0 over each cycle. */
export const isaw = named("isaw", signal((t) => 1 - t.cyclePos().toNumber()));
/** 0 → 1 → 0 over each cycle. */
export const tri = named("tri", signal((t) => {
  const x = t.cyclePos().toNumber();
  return x < 0.5 ? 2 * x : 2 - 2 * x;
}));
/** 0 for the first half of each cycle, 1 for the second. */
export const square = named("square", signal((t) => (t.cyclePos().toNumber() < 0.5 ? 0 : 1)));
/** A sine from 0.5 up to 1, down to 0 and back, once per cycle. */
export const sine = named("sine", signal((t) => (Math.sin(2 * Math.PI * t.cyclePos().toNumber()) + 1) / 2));
/** Like `sine`, a quarter cycle earlier (starts at 1). */
export const cosine = named("cosine", signal((t) => (Math.cos(2 * Math.PI * t.cyclePos().toNumber()) + 1) / 2));
