import { bjorklund, formatRhythm, rotate } from "./bjorklund.ts";

export interface EuclideanPatternOptions {
  steps: number;
  pulses: number;
  /** Left rotation in steps (see bjorklund.ts). */
  rotation?: number;
}

/** E(pulses, steps) rotated: an immutable rhythm. */
export class EuclideanPattern {
  readonly steps: number;
  readonly pulses: number;
  readonly rotation: number;
  readonly hits: readonly boolean[];

  constructor(options: EuclideanPatternOptions) {
    const rotation = options.rotation ?? 0;
    if (!Number.isInteger(rotation)) throw new RangeError(`rotation must be an integer, got ${rotation}`);
    this.steps = options.steps;
    this.pulses = options.pulses;
    this.rotation = rotation;
    this.hits = Object.freeze(rotate(bjorklund(options.pulses, options.steps), rotation));
  }

  /** Whether step `index` (any integer; wraps) is a hit. */
  isHit(index: number): boolean {
    const n = this.steps;
    return this.hits[((index % n) + n) % n]!;
  }

  with(changes: Partial<EuclideanPatternOptions>): EuclideanPattern {
    return new EuclideanPattern({ steps: this.steps, pulses: this.pulses, rotation: this.rotation, ...changes });
  }

  toString(): string {
    return formatRhythm(this.hits);
  }
}
