/**
 * Sequential random streams, the one implementation of them: a node's RandomPolicy (keyed by
 * system seed and node name) and the composer's streams (keyed by piece seed and purpose,
 * src/mil/rng.ts). Built-in nodes draw by key instead (keyed-random.ts), so a changed
 * probability shifts nothing; a stream is for code that wants draws in order. Implement
 * RandomPolicy for custom behaviour (weighted, stateful, "never twice in a row"…) and pass
 * it to a node as `random`.
 */
import seedrandom from "seedrandom";
import { Arc4, type Arc4State } from "./arc4.ts";
import { weightedIndex } from "./keyed-random.ts";

export interface RandomPolicy {
  /** Uniform in [0, 1). */
  random(): number;
  /** True with probability p (p ≤ 0 never, p ≥ 1 always, without drawing). */
  chance(p: number): boolean;
  /** One element, uniformly. */
  choice<T>(items: readonly T[]): T;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** A snapshot of the stream position, to be restored later (reload sandboxes, replays). */
  save(): unknown;
  restore(state: unknown): void;
}

/** The default policy: a seedrandom (ARC4) stream (its draws computed in arc4.ts). */
export class SeededRandom implements RandomPolicy {
  private arc4: Arc4;
  /**
   * The second normal value of the last Box–Muller pair, when `hasSpare`. A flag beside a plain
   * number, not `number | undefined`: V8 then keeps the field an unboxed double instead of
   * allocating a heap number on every draw (the composer draws thousands per piece).
   */
  private spare = 0;
  private hasSpare = false;

  constructor(seed: string) {
    this.arc4 = new Arc4(seedrandom(seed, { state: true }).state() as Arc4State);
  }

  private rng(): number {
    return this.arc4.next();
  }

  random(): number {
    return this.arc4.next();
  }

  chance(p: number): boolean {
    // Certain outcomes draw nothing, so probability 1 (the common default) costs no entropy
    // and turning a probability up to 1 does not shift the stream of other choices.
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.rng() < p;
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("choice() needs at least one item");
    return items[Math.floor(this.rng() * items.length)]!;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rng();
  }

  /** One element, uniformly; undefined behaviour for an empty list is the caller's (the composer never asks). */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)]!;
  }

  /** An index drawn in proportion to non-negative weights. */
  weighted(weights: readonly number[]): number {
    return weightedIndex(weights, this.rng());
  }

  /** Standard normal (polar Box–Muller; the second value of each pair is kept for the next call). */
  gaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = this.rng() * 2 - 1;
      v = this.rng() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  save(): unknown {
    return { arc4: this.arc4.state(), spare: this.hasSpare ? this.spare : undefined };
  }

  restore(state: unknown): void {
    const saved = state as { arc4: Arc4State; spare: number | undefined };
    this.arc4 = new Arc4(saved.arc4);
    this.hasSpare = saved.spare !== undefined;
    this.spare = saved.spare ?? 0;
  }
}

/** The stream for one node: keyed by the system seed and the node's name. */
export function randomFor(systemSeed: string | number, nodeName: string): RandomPolicy {
  return new SeededRandom(`${systemSeed}/${nodeName}`);
}

/** A policy that replays fixed values in a loop: handy to pin down behaviour in tests and demos. */
export class FixedSequenceRandom implements RandomPolicy {
  private i = 0;
  constructor(private readonly values: readonly number[]) {
    if (values.length === 0) throw new RangeError("FixedSequenceRandom needs at least one value");
  }
  random(): number {
    const v = this.values[this.i % this.values.length]!;
    this.i++;
    return v;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  choice<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length) % items.length]!;
  }
  int(lo: number, hi: number): number {
    return lo + (Math.floor(this.random() * (hi - lo + 1)) % (hi - lo + 1));
  }
  save(): unknown {
    return this.i;
  }
  restore(state: unknown): void {
    this.i = state as number;
  }
}
