/**
 * Rhythm cells: one bar of durations with the (energy, lyricism, complexity) they suit.
 * A cell's weight is exp(−3·squared distance) to the phrase's character.
 */
import type { Character, Metre } from "./character.ts";

export interface RhythmCell {
  durations: readonly number[];
  affinity: readonly [number, number, number];
}

const c = (durations: number[], e: number, l: number, x: number): RhythmCell => ({ durations, affinity: [e, l, x] });
const rep = (d: number, n: number): number[] => Array.from({ length: n }, () => d);

export const RHYTHM_CELLS: Record<Metre, readonly RhythmCell[]> = {
  "4/4": [
    c([1, 1, 1, 1], 0.3, 0.3, 0.1),
    c([2, 2], 0.15, 0.8, 0.1),
    c([2, 1, 1], 0.35, 0.5, 0.2),
    c([1, 1, 2], 0.3, 0.5, 0.2),
    c([1.5, 0.5, 1, 1], 0.5, 0.3, 0.4),
    c([0.5, 0.5, 0.5, 0.5, 2], 0.65, 0.2, 0.5),
    c([0.5, 0.5, 1, 1, 1], 0.55, 0.3, 0.4),
    c([...rep(0.5, 4), 1, 1], 0.75, 0.2, 0.6),
    c([1, 0.5, 0.5, 1, 1], 0.5, 0.4, 0.3),
    c(rep(0.5, 8), 0.85, 0.1, 0.7),
    c([...rep(0.25, 4), ...rep(0.5, 4), 1], 0.9, 0.1, 0.8),
    c([...rep(0.25, 8), 1, 1], 0.95, 0.05, 0.85),
    c([0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 1, 1], 0.88, 0.1, 0.75),
  ],
  "3/4": [
    c([1, 1, 1], 0.35, 0.4, 0.1),
    c([2, 1], 0.2, 0.7, 0.1),
    c([1, 2], 0.25, 0.6, 0.2),
    c([1.5, 1.5], 0.3, 0.5, 0.3),
    c([0.5, 0.5, 1, 1], 0.6, 0.3, 0.4),
    c([1, 0.5, 0.5, 1], 0.5, 0.3, 0.4),
    c([...rep(0.5, 4), 1], 0.7, 0.2, 0.5),
    c(rep(0.5, 6), 0.8, 0.15, 0.6),
    c([...rep(0.25, 4), 0.5, 0.5, 1], 0.85, 0.1, 0.7),
  ],
  "6/8": [
    c([1.5, 1.5], 0.15, 0.85, 0.1),
    c([1, 0.5, 1, 0.5], 0.3, 0.7, 0.2),
    c(rep(0.5, 6), 0.65, 0.3, 0.5),
    c([1, 0.5, 1.5], 0.25, 0.6, 0.3),
    c([0.5, 1, 0.5, 1], 0.4, 0.5, 0.3),
    c([...rep(0.25, 4), ...rep(0.5, 4)], 0.85, 0.15, 0.65),
    c([...rep(0.25, 8), 0.5, 0.5], 0.92, 0.08, 0.8),
    c([0.5, 0.5, 0.5, 0.25, 0.25, 0.5, 0.5], 0.75, 0.2, 0.55),
  ],
};

/**
 * Cell weights for a character. `densityBias` (from the feedback corrector) tilts the choice
 * toward busier (> 0) or sparser (< 0) cells.
 */
export function cellWeights(cells: readonly RhythmCell[], ch: Character, densityBias = 0): number[] {
  return cells.map((cell) => {
    const [e, l, x] = cell.affinity;
    const d2 = (e - ch.energy) ** 2 + (l - ch.lyricism) ** 2 + (x - ch.complexity) ** 2;
    const bar = cell.durations.reduce((s, d) => s + d, 0);
    const perBeat = cell.durations.length / bar;
    // Sharper than the reference's exp(−3·d²), plus a direct pull of energy toward busy cells:
    // every character picks its own rhythms, which is what makes an archetype recognisable
    // without its tempo (and makes "more energy → denser" hold whatever the other dimensions).
    return Math.exp(-6 * d2 + 2.5 * (ch.energy - 0.5) * (perBeat - 1.5) + densityBias * perBeat * 0.5);
  });
}

/** Durations that fill `beats`: the cell's, with the last cut (or extended) to fit exactly. */
export function fitCell(cell: readonly number[], beats: number): number[] {
  const out: number[] = [];
  let left = beats;
  for (const d of cell) {
    if (left <= 1e-9) break;
    const dd = Math.min(d, left);
    out.push(dd);
    left -= dd;
  }
  if (left > 1e-9) {
    if (out.length > 0) out[out.length - 1]! += left;
    else out.push(left);
  }
  return out;
}
