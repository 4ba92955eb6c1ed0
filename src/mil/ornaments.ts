/**
 * The ornament grammar, applied by the performer: a melody note may become
 *   turn     → upper, note, lower, note   (long notes, moderate complexity)
 *   mordent  → note, upper, note          (medium notes)
 *   trill    → (note, upper) × n          (long notes, high complexity or impulse)
 *   grace    → approach, note             (any note, grows with the impulse)
 * Auxiliary notes stay in the scale; each ornament note gets its own onset (the reference
 * stacks them into a cluster, its B3). Cadence notes are never ornamented.
 */
import type { Rng } from "./rng.ts";

export type OrnamentKind = "turn" | "mordent" | "trill" | "grace";

export interface OrnamentableNote {
  beat: number;
  duration: number;
  pitch: number;
  velocity: number;
}

export interface OrnamentNote extends OrnamentableNote {
  /** set on the added notes; the principal note keeps `ornament` undefined */
  ornament?: OrnamentKind;
  /** the written beat of the note the ornament decorates */
  writtenBeat: number;
}

/** What the grammar needs of a scale (a key's ScaleSpace, or any scale with a root). */
export interface PitchSet {
  contains(pitch: number): boolean;
}

/** Upper auxiliary: a whole step up if that is in the scale, else a half step. */
export function upperAux(scale: PitchSet, p: number): number {
  return scale.contains(p + 2) ? p + 2 : p + 1;
}

export function lowerAux(scale: PitchSet, p: number): number {
  return scale.contains(p - 2) && !scale.contains(p - 1) ? p - 2 : scale.contains(p - 1) ? p - 1 : p - 2;
}

export const ORNAMENT_KINDS: readonly OrnamentKind[] = ["turn", "mordent", "trill", "grace"];

/** Weights of ORNAMENT_KINDS for a note of `duration` beats: turns and trills need a beat or more. */
export function ornamentWeights(duration: number, complexity: number, impulse: number): number[] {
  const long = duration >= 1 ? 1 : 0;
  return [
    long * (1 - Math.abs(complexity - 0.5)), // turn
    0.8, // mordent
    long * 1.5 * ((complexity + impulse) / 2), // trill
    0.5 + impulse, // grace
  ];
}

export function chooseOrnament(duration: number, complexity: number, impulse: number, rng: Rng): OrnamentKind {
  return ORNAMENT_KINDS[rng.weighted(ornamentWeights(duration, complexity, impulse))]!;
}

/** Expand one note. `room` is how far before the note a grace note may start. */
export function expandOrnament(note: OrnamentableNote, kind: OrnamentKind, scale: PitchSet, room: number): OrnamentNote[] {
  const { beat, duration, pitch } = note;
  const up = upperAux(scale, pitch);
  const down = lowerAux(scale, pitch);
  const v = note.velocity;
  switch (kind) {
    case "turn": {
      const q = Math.min(0.25, duration / 8);
      return [added(beat, q, up, v - 5, "turn", beat), added(beat + q, q, pitch, v - 5, "turn", beat), added(beat + 2 * q, q, down, v - 5, "turn", beat), principal(note, 3 * q)];
    }
    case "mordent": {
      const q = Math.min(0.125, duration / 6);
      return [added(beat, q, pitch, v - 3, "mordent", beat), added(beat + q, q, up, v - 3, "mordent", beat), principal(note, 2 * q)];
    }
    case "trill": {
      const count = Math.max(3, Math.min(7, Math.floor(duration / 0.25)));
      const q = Math.min(0.125, duration / (count + 1));
      const out: OrnamentNote[] = [];
      for (let i = 0; i < count; i++) out.push(added(beat + i * q, q, i % 2 === 0 ? pitch : up, v - (i % 2 === 0 ? 3 : 1), "trill", beat));
      // the trill comes to rest on the principal note
      out.push(principal(note, count * q));
      return out;
    }
    case "grace": {
      const g = Math.min(0.125, room);
      if (g < 0.06) return [principal(note, 0)];
      return [added(beat - g, g, down, v - 8, "grace", beat), principal(note, 0)];
    }
  }
}

// Every note is written out whole, one shape and no spread, by these two (module functions, not
// closures made per call: the performer expands every ornament of a piece through here).

/** A note the ornament adds, decorating the note written at `writtenBeat`. */
function added(beat: number, duration: number, pitch: number, velocity: number, ornament: OrnamentKind, writtenBeat: number): OrnamentNote {
  return { beat, duration, pitch, velocity, ornament, writtenBeat };
}

/** The principal note, after `before` beats of ornament, to its written end. */
function principal(note: OrnamentableNote, before: number): OrnamentNote {
  return { beat: note.beat + before, duration: note.duration - before, pitch: note.pitch, velocity: note.velocity, ornament: undefined, writtenBeat: note.beat };
}
