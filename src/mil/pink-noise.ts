/**
 * Voss–McCartney 1/f noise: k rows of state; step n refreshes row min(trailing zeros of n, k−1).
 * Slow rows change rarely, so the output wanders with long-range correlation, as expressive
 * timing and dynamics do.
 */
import type { Rng } from "./rng.ts";

export class PinkNoise {
  private readonly rows: number[];
  private count = 0;
  private sum = 0;

  constructor(private readonly rng: Rng, readonly octaves: number) {
    this.rows = Array.from({ length: octaves }, () => 0.5 * rng.gaussian());
    for (const r of this.rows) this.sum += r;
  }

  /** Next value: the mean of the rows (std ≈ 0.5/√k). */
  step(): number {
    this.count++;
    let n = this.count;
    let tz = 0;
    while ((n & 1) === 0 && tz < this.octaves - 1) {
      n >>= 1;
      tz++;
    }
    const fresh = 0.5 * this.rng.gaussian();
    this.sum += fresh - this.rows[tz]!;
    this.rows[tz] = fresh;
    return this.sum / this.octaves;
  }

  /** Next value scaled to unit standard deviation. */
  stepUnit(): number {
    return this.step() / (0.5 / Math.sqrt(this.octaves));
  }
}
