/**
 * The seed motif (3–5 notes filling one bar) and its transformation group. Intervals are in
 * scale steps, so a sequence or an inversion stays in the key the way a composer's does.
 */
import type { CharacterParams, Character } from "./character.ts";
import type { Rng } from "./rng.ts";

export interface Motif {
  /** scale-step intervals between successive notes (length = notes − 1) */
  intervals: number[];
  /** durations in quarter notes, one per note */
  durations: number[];
}

export const TRANSFORM_NAMES = [
  "identity",
  "inversion",
  "retrograde",
  "retrograde-inversion",
  "augmentation",
  "diminution",
  "fragmentation",
  "sequence-up",
  "sequence-down",
] as const;
export type TransformName = (typeof TRANSFORM_NAMES)[number];

/**
 * Apply a transformation. Sequences transpose the whole statement by a step up or down
 * (the `shift` the melody applies to its starting degree); the interval shape is unchanged.
 */
export function transformMotif(m: Motif, t: TransformName): Motif {
  const iv = m.intervals;
  const du = m.durations;
  switch (t) {
    case "identity":
    case "sequence-up":
    case "sequence-down":
      return { intervals: [...iv], durations: [...du] };
    case "inversion":
      return { intervals: iv.map((x) => -x), durations: [...du] };
    case "retrograde":
      return { intervals: [...iv].reverse().map((x) => -x), durations: [...du].reverse() };
    case "retrograde-inversion":
      return { intervals: [...iv].reverse(), durations: [...du].reverse() };
    case "augmentation":
      return { intervals: [...iv], durations: du.map((d) => d * 2) };
    case "diminution":
      return { intervals: [...iv], durations: du.map((d) => Math.max(0.25, d / 2)) };
    case "fragmentation":
      return { intervals: iv.slice(0, 1), durations: du.slice(0, 2) };
  }
}

/** Scale steps a sequence moves the statement by. */
export function sequenceShift(t: TransformName): number {
  return t === "sequence-up" ? 1 : t === "sequence-down" ? -1 : 0;
}

// Retrograde is the motif played backwards: pitches reversed, so intervals reversed *and*
// negated (the reference only reverses the list). Retrograde inversion then reverses only.

function acceptable(iv: number[]): boolean {
  if (iv.length < 2) return false;
  const up = iv.some((x) => x > 0);
  const down = iv.some((x) => x < 0);
  const steps = iv.filter((x) => Math.abs(x) <= 1).length;
  const sizes = new Set(iv.map((x) => Math.abs(x))).size;
  return up && down && steps >= Math.floor((iv.length + 1) / 2) && sizes >= 2;
}

/** Maximum leap in scale steps for a maximum interval in semitones (2–8 → 2–5 steps). */
export function maxLeapSteps(maxInterval: number): number {
  return Math.max(2, Math.round((maxInterval * 7) / 12));
}

/**
 * `halfBar` is the half-bar span a quick motif may fill instead of the whole bar (2 in 4/4,
 * one dotted-quarter pulse in 6/8; undefined in 3/4, whose bar does not halve).
 */
export function generateMotif(c: Character, p: CharacterParams, barBeats: number, rng: Rng, halfBar?: number): Motif {
  const pShort = 0.3 + 0.4 * c.energy + 0.15 * c.complexity;
  const pDotted = 0.25 * c.lyricism + 0.1 * (1 - c.energy);
  const maxLeap = maxLeapSteps(p.maxInterval);
  for (let attempt = 0; attempt < 200; attempt++) {
    const notes = rng.int(3, 5);
    const intervals: number[] = [];
    for (let j = 0; j < notes - 1; j++) {
      const prev = intervals[j - 1] ?? 0;
      let step: number;
      if (Math.abs(prev) >= 3) {
        // after a leap, turn back by step (the melodic law a leap is answered by a step)
        step = -Math.sign(prev) * rng.int(1, 2);
      } else if (rng.chance(p.stepProbability)) {
        step = rng.pick([-1, 1]);
      } else {
        step = rng.int(2, maxLeap) * rng.pick([-1, 1]);
      }
      intervals.push(step);
    }
    const durations = motifRhythm(notes, barBeats, pShort, pDotted, rng, halfBar);
    if (acceptable(intervals)) return { intervals, durations };
  }
  return { intervals: [1, -1, 2, -1], durations: motifRhythm(5, barBeats, 1, 0, rng, halfBar) };
}

/**
 * Durations that fill exactly one bar (the reference lets them spill over, its B8): draw
 * short / dotted / plain values, leave at least a 16th for every note still to come, and let
 * the last note take what is left. A quick motif whose notes before the last fit in half a bar
 * fills half a bar instead and is stated twice per bar: the seed stretches its last note over
 * the whole bar, which makes every energetic piece sound half as busy as its character says.
 */
function motifRhythm(notes: number, barBeats: number, pShort: number, pDotted: number, rng: Rng, halfBar?: number): number[] {
  const out: number[] = [];
  let used = 0;
  for (let j = 0; j < notes - 1; j++) {
    const toCome = notes - 1 - j;
    let d: number;
    if (rng.chance(pShort)) d = rng.pick([0.25, 0.5]);
    else if (rng.chance(pDotted)) d = rng.pick([0.75, 1.5]);
    else d = rng.pick([0.5, 1]);
    d = Math.max(0.25, Math.min(d, barBeats - used - 0.25 * toCome));
    out.push(d);
    used += d;
  }
  const span = halfBar !== undefined && used <= halfBar - 0.25 ? halfBar : barBeats;
  out.push(span - used);
  return out;
}
