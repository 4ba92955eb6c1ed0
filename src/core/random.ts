/**
 * Randomness policies. Every random choice in magicbus comes from a stream keyed by
 * (system seed, node name): the same seed renders the same music, and adding a node
 * does not change what the others play. Implement RandomPolicy for custom behaviour
 * (weighted, stateful, "never twice in a row"…) and pass it to a node as `random`.
 */
import seedrandom from "seedrandom";

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

/** The default policy: a seedrandom (ARC4) stream. */
export class SeededRandom implements RandomPolicy {
  private rng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;

  constructor(seed: string) {
    this.rng = seedrandom(seed, { state: true });
  }

  random(): number {
    return this.rng();
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

  save(): unknown {
    return this.rng.state();
  }

  restore(state: unknown): void {
    this.rng = seedrandom("", { state: state as seedrandom.State.Arc4 });
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
