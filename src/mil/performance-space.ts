/**
 * Performance space P = [0,1]^6 and the mapping Ψ to interpretation parameters. Character
 * decides what is played; performance decides how (Theorem 6), from a separate random stream.
 */

export interface Performance {
  /** metronomic (0) … elastic timing (1) */
  rubato: number;
  /** rounded onsets (0) … sharp, percussive (1) */
  attack: number;
  /** dry (0) … heavy pedal (1) */
  pedal: number;
  /** restrained (0) … extreme dynamic swings (1) */
  dynamics: number;
  /** balanced (0) … singing top voice (1) */
  highlight: number;
  /** literal (0) … richly ornamented (1) */
  ornament: number;
}

export const PERFORMANCE_DIMENSIONS = ["rubato", "attack", "pedal", "dynamics", "highlight", "ornament"] as const;

export function performance(r: number, a: number, p: number, dp: number, h: number, o: number): Performance {
  return { rubato: r, attack: a, pedal: p, dynamics: dp, highlight: h, ornament: o };
}

export function performanceVector(p: Performance): number[] {
  return [p.rubato, p.attack, p.pedal, p.dynamics, p.highlight, p.ornament];
}

export function performanceDistance(a: Performance, b: Performance): number {
  const va = performanceVector(a);
  const vb = performanceVector(b);
  return Math.sqrt(va.reduce((s, x, i) => s + (x - vb[i]!) ** 2, 0));
}

export interface PerformanceParams {
  /** multiplies the expression map's tempo deviation (0.5×–2×) */
  rubatoScale: number;
  /** fraction by which onsets are shortened (0–0.3) */
  attackSharpness: number;
  /** fraction of harmonies held with the sustain pedal (0.2–0.8) */
  pedalDensity: number;
  /** velocity' = 70 + (velocity − 70)·mult */
  dynamicRangeMult: number;
  /** velocity added to the top note of each chord */
  sopranoBias: number;
  /** added ornament probability */
  ornamentProb: number;
}

export function performanceParams(p: Performance): PerformanceParams {
  return {
    rubatoScale: 0.5 + 1.5 * p.rubato,
    attackSharpness: 0.3 * p.attack,
    pedalDensity: 0.2 + 0.6 * p.pedal,
    dynamicRangeMult: 0.6 + 0.8 * p.dynamics,
    sopranoBias: 15 * p.highlight,
    ornamentProb: 0.25 * p.ornament,
  };
}

export const NEUTRAL: Performance = performance(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
