/**
 * Self-listening: after each phrase compare what came out with what the character asks for
 * (melodic range, loudness, note density) and correct the next phrase by −α·error.
 */
import type { CharacterParams } from "./character.ts";

export const FEEDBACK_RATE = 0.3;

export interface Corrections {
  /** semitones added to the register envelope's expansion */
  range: number;
  /** velocity units added to the melody */
  velocity: number;
  /** notes per beat the rhythm choice should add */
  density: number;
}

export const NO_CORRECTION: Corrections = { range: 0, velocity: 0, density: 0 };

export function listen(
  melody: readonly { pitch: number; velocity: number }[],
  beats: number,
  p: CharacterParams,
): Corrections {
  if (melody.length === 0) return NO_CORRECTION;
  let lo = Infinity;
  let hi = -Infinity;
  let vel = 0;
  for (const n of melody) {
    lo = Math.min(lo, n.pitch);
    hi = Math.max(hi, n.pitch);
    vel += n.velocity;
  }
  const error = {
    range: hi - lo - p.targetRange,
    velocity: vel / melody.length - p.targetVelocity,
    density: melody.length / beats - p.targetDensity,
  };
  return {
    range: -FEEDBACK_RATE * error.range,
    velocity: -FEEDBACK_RATE * error.velocity,
    density: -FEEDBACK_RATE * error.density,
  };
}
