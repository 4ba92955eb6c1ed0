/**
 * Musical time. The canonical unit is the integer tick (PPQ 960, as in a MIDI file):
 * exact, so a set of any length never drifts. Beats and seconds are views of ticks;
 * the branded types stop the compiler from mixing them up.
 */

export type Ticks = number & { readonly __unit: "ticks" };
export type Beats = number & { readonly __unit: "beats" };
export type Seconds = number & { readonly __unit: "seconds" };

/** Pulses (ticks) per quarter-note beat. 960 = 2^6·3·5 divides evenly by 2, 3, 4, 5, 6, 8, 12, 16. */
export const PPQ = 960;

export const ticks = (n: number): Ticks => n as Ticks;
export const beats = (n: number): Beats => n as Beats;
export const seconds = (n: number): Seconds => n as Seconds;

/** Beats to the nearest whole tick (gates and offsets are written in beats by performers). */
export function beatsToTicks(b: number): Ticks {
  return Math.round(b * PPQ) as Ticks;
}

export function ticksToBeats(t: number): Beats {
  return (t / PPQ) as Beats;
}

/**
 * The tick of step `index` on a grid of `stepsPerBeat` steps per beat, computed from the
 * integer counter so rounding never accumulates (7 steps per beat stays exact on average).
 */
export function stepTick(index: number, stepsPerBeat: number): Ticks {
  return Math.floor((index * PPQ) / stepsPerBeat) as Ticks;
}

/** "bar:beat.frac" for a tick, bars and beats counted from 1, as performers read them. */
export function formatPosition(t: number, beatsPerBar = 4): string {
  const totalBeats = t / PPQ;
  const bar = Math.floor(totalBeats / beatsPerBar) + 1;
  const beat = totalBeats - (bar - 1) * beatsPerBar + 1;
  return `${bar}:${beat.toFixed(3)}`;
}
