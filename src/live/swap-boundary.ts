/** Where a change lands: the next bar, beat, loop of the main clock, or at once. */
import { PPQ } from "../core/time.ts";

export type Quantum = "bar" | "beat" | "loop" | "now";
export const QUANTA: readonly Quantum[] = ["bar", "beat", "loop", "now"];

export function checkQuantum(q: string): Quantum {
  if ((QUANTA as readonly string[]).includes(q)) return q as Quantum;
  throw new RangeError(`quantize must be one of ${QUANTA.join(", ")}; got "${q}"`);
}

export interface Grid {
  beatsPerBar: number;
  /** Length of the main clock's loop in ticks. */
  loopTicks: number;
}

/** Length of one quantum in ticks (0 for "now"). */
export function quantumTicks(q: Quantum, grid: Grid): number {
  switch (q) {
    case "bar":
      return grid.beatsPerBar * PPQ;
    case "beat":
      return PPQ;
    case "loop":
      return grid.loopTicks;
    case "now":
      return 0;
  }
}

/**
 * The first boundary at or after `from` (the first tick whose music has not been played yet).
 * A change therefore never lands mid-step and never moves the clock's phase.
 */
export function nextBoundary(from: number, q: Quantum, grid: Grid): number {
  const len = quantumTicks(q, grid);
  return len === 0 ? from : Math.ceil(from / len) * len;
}
