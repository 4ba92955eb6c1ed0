/**
 * Each archetype's signature: the two or three things its description promises that a listener
 * checks first, each a measure of the notes alone (hearing.ts) and a threshold. The composer makes
 * them true; test/mil/signatures.test.ts reads them back from the .mid over seeds 0–7; the compose
 * benchmark counts how many archetypes hold all of theirs; docs/mil.md prints this table.
 */
import type { Heard } from "./hearing.ts";

export interface Signature {
  archetype: string;
  /** what the listener hears, in words */
  promise: string;
  /** the measure, as the docs name it */
  measure: string;
  value: (h: Heard) => number;
  /** the value must be at least … */
  min?: number;
  /** … and/or at most */
  max?: number;
}

const metre = (m: string) => (h: Heard) => (h.metre === m ? 1 : 0);
const accentOnTwoOrThree = (h: Heard) => Math.max(h.beatVelocity[1] ?? -Infinity, h.beatVelocity[2] ?? -Infinity) - (h.beatVelocity[0] ?? Infinity);

const s = (archetype: string, promise: string, measure: string, value: (h: Heard) => number, bounds: { min?: number; max?: number }): Signature => ({
  archetype,
  promise,
  measure,
  value,
  ...bounds,
});

export const SIGNATURES: readonly Signature[] = [
  s("Nocturne", "wide left-hand arpeggios", "left-hand span per bar (median, semitones)", (h) => h.leftHandSpan, { min: 13 }),
  s("Nocturne", "a singing, joined melody", "tune legato (sounding ÷ time to next tune note)", (h) => h.legato, { min: 0.9 }),
  s("Barcarolle", "rocking 6/8", "time signature 6/8", metre("6/8"), { min: 1 }),
  s("Barcarolle", "even eighths, never stopping", "eighth slots struck", (h) => h.eighthFill, { min: 0.9 }),
  s("Barcarolle", "a smooth, joined line", "tune legato", (h) => h.legato, { min: 0.88 }),
  s("Lullaby", "pianissimo to piano", "mean velocity", (h) => h.meanVelocity, { max: 50 }),
  s("Lullaby", "a simple tune, no big leaps", "widest tune leap (semitones)", (h) => h.melodyMaxLeap, { max: 12 }),
  s("Berceuse", "a still bass", "bars whose lowest pitch class is the bar before's", (h) => h.stillBass, { min: 0.85 }),
  s("Berceuse", "a cradle song, soft", "mean velocity", (h) => h.meanVelocity, { max: 50 }),
  s("Arabesque", "curling arpeggios in eighths", "eighth slots struck", (h) => h.eighthFill, { min: 0.9 }),
  s("Arabesque", "bright, high", "mean pitch (MIDI)", (h) => h.meanPitch, { min: 62 }),
  s("Waltz", "oom-pah-pah", "bars with bass on 1, chords on 2 and 3", (h) => h.oomPahPah, { min: 0.8 }),
  s("Waltz", "in three", "time signature 3/4", metre("3/4"), { min: 1 }),
  s("Polonaise", "the polonaise rhythm", "bars whose left hand strikes 1, 1½, 1¾ (not 1¼)", (h) => h.polonaiseRhythm, { min: 0.8 }),
  s("Polonaise", "heavy chords", "notes struck together (mean per onset)", (h) => h.chordSize, { min: 2.5 }),
  s("Tarantella", "whirling 6/8", "time signature 6/8", metre("6/8"), { min: 1 }),
  s("Tarantella", "every eighth struck", "eighth slots struck", (h) => h.eighthFill, { min: 0.8 }),
  s("Tarantella", "detached", "tune legato", (h) => h.legato, { max: 0.8 }),
  s("Mazurka", "the accent on two or three", "mean velocity on beat 2 or 3 minus beat 1", accentOnTwoOrThree, { min: 5 }),
  s("Mazurka", "in three", "time signature 3/4", metre("3/4"), { min: 1 }),
  s("Ballade", "singing", "tune legato", (h) => h.legato, { min: 0.85 }),
  s("Ballade", "dark", "mean pitch (MIDI)", (h) => h.meanPitch, { max: 60 }),
  s("Scherzo", "detached, biting", "tune legato", (h) => h.legato, { max: 0.8 }),
  s("Scherzo", "volatile: the texture turns over", "left-hand motion, largest ratio between adjacent 4-bar passages", (h) => h.textureContrast, { min: 2 }),
  s("Elegy", "low", "mean pitch (MIDI)", (h) => h.meanPitch, { max: 60 }),
  s("Elegy", "minor colours", "pitch-class profile: best minor key minus best major key (Krumhansl–Kessler)", (h) => h.minorColour, { min: 0.01 }),
  s("Sonata", "an Alberti bass at home", "bars with an Alberti figure", (h) => h.alberti, { min: 0.4 }),
  s("Sonata", "a developing drama", "largest change of mean velocity between adjacent 4-bar passages", (h) => h.dynamicContrast, { min: 25 }),
  s("Étude", "continuous figuration", "sixteenth slots struck", (h) => h.sixteenthFill, { min: 0.85 }),
  s("Étude", "leaps", "widest tune leap (semitones)", (h) => h.melodyMaxLeap, { min: 12 }),
  s("Toccata", "relentless sixteenths", "sixteenth slots struck", (h) => h.sixteenthFill, { min: 0.85 }),
  s("Toccata", "forte or louder", "mean velocity", (h) => h.meanVelocity, { min: 80 }),
  s("Toccata", "percussive", "tune legato", (h) => h.legato, { max: 0.8 }),
  s("Rhapsody", "big dynamic contrasts", "largest change of mean velocity between adjacent 4-bar passages", (h) => h.dynamicContrast, { min: 30 }),
  s("Rhapsody", "big changes of texture", "left-hand motion, largest ratio between adjacent 4-bar passages", (h) => h.textureContrast, { min: 2.5 }),
  s("Fantasia", "unpredictable dynamics", "largest change of mean velocity between adjacent 4-bar passages", (h) => h.dynamicContrast, { min: 30 }),
  s("Fantasia", "unpredictable textures", "left-hand motion, largest ratio between adjacent 4-bar passages", (h) => h.textureContrast, { min: 3 }),
  s("March", "the downbeat accented", "mean velocity on beat 1 minus every other onset", (h) => h.downbeatAccent, { min: 8 }),
  s("March", "square 4/4", "time signature 4/4", metre("4/4"), { min: 1 }),
  s("Prelude", "one idea explored: one arpeggio figure in every section", "left-hand span per bar (median, semitones)", (h) => h.leftHandSpan, { min: 24 }),
  s("Prelude", "moderate", "mean velocity", (h) => h.meanVelocity, { min: 55, max: 75 }),
  s("Impromptu", "flowing eighths", "eighth slots struck", (h) => h.eighthFill, { min: 0.9 }),
  s("Impromptu", "bright", "mean pitch (MIDI)", (h) => h.meanPitch, { min: 62 }),
];

/** Whether a measured value keeps its signature. */
export function holds(sig: Signature, value: number): boolean {
  return (sig.min === undefined || value >= sig.min) && (sig.max === undefined || value <= sig.max);
}

/** The threshold in words: "≥ 0.85", "≤ 50", "55–75". */
export function thresholdText(sig: Signature): string {
  if (sig.measure.startsWith("time signature")) return "yes";
  if (sig.min !== undefined && sig.max !== undefined) return `${sig.min}–${sig.max}`;
  return sig.min !== undefined ? `≥ ${sig.min}` : `≤ ${sig.max}`;
}
