/**
 * Structure from one pattern, values from another: `struct`, `mask`, Euclidean rhythms and
 * `segment` all keep the timing of a rhythm and read values from a pattern at each of its events.
 */
import { bjorklund } from "../music/bjorklund.ts";
import { appLeft, fastcat, type Pattern, pure, silence } from "./pattern.ts";
import { frac } from "./fraction.ts";
import { fastBy } from "./time.ts";

/** Whether a value in a rhythm means "play": false, 0, "f", "false", "0" and "~" do not. */
export function isHit(v: unknown): boolean {
  return !(v === false || v === 0 || v === "f" || v === "false" || v === "0" || v === "~" || v === undefined || v === null);
}

/** The rhythm's hits, each taking the value `pat` has at its start: `struct("t ~ t t", "c e")`. */
export function structBy<T>(rhythm: Pattern<unknown>, pat: Pattern<T>): Pattern<T> {
  return appLeft(rhythm.filter((h) => isHit(h.value)), pat, (_, v) => v);
}

/** `pat` only where the rhythm is a hit; events keep their own timing (cut where the mask ends). */
export function maskBy<T>(rhythm: Pattern<unknown>, pat: Pattern<T>): Pattern<T> {
  return appLeft(pat, rhythm.filter((h) => isHit(h.value)), (v) => v);
}

/**
 * The Euclidean rhythm E(pulses, steps) rotated left by `rotation` steps (Tidal's convention),
 * as a pattern of booleans. Negative pulses give the complement (the rests play). Arguments
 * that make no rhythm (steps < 1, fractions) give silence rather than an error: a patterned
 * argument is only read while playing, where a throw would stop the music.
 */
export function euclidRhythm(pulses: number, steps: number, rotation = 0): Pattern<boolean> {
  if (!Number.isInteger(pulses) || !Number.isInteger(steps) || !Number.isInteger(rotation) || steps < 1 || steps > 1024) return silence;
  const k = Math.min(Math.abs(pulses), steps);
  const hits = bjorklund(k, steps).map((h) => (pulses < 0 ? !h : h));
  const r = ((rotation % steps) + steps) % steps;
  const rotated = [...hits.slice(r), ...hits.slice(0, r)];
  return fastcat(rotated.map((h) => pure(h)));
}

/** `pat` on the hits of E(pulses, steps) rotated left by `rotation`: the notation's `bd(3,8,2)`. */
export function euclidBool<T>(pulses: number, steps: number, rotation: number, pat: Pattern<T>): Pattern<T> {
  return structBy(euclidRhythm(pulses, steps, rotation), pat);
}

/** `n` equal events per cycle, each the value of `pat` at its start (samples a signal). */
export function segmentBy<T>(n: number, pat: Pattern<T>): Pattern<T> {
  if (!(n > 0)) return silence;
  return appLeft(fastBy(frac(n), pure(true)), pat, (_, v) => v);
}
