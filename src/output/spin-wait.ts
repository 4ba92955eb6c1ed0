/**
 * Busy-wait until a time while reading the clock as seldom as possible. In Node 20 every clock read
 * (performance.now()) allocates; a spin that reads it back to back fills the young generation and
 * pays for it with a 1–2 ms scavenge every second or two — at the worst moment, right before a send.
 * So the spinner idles on Atomics.load of a shared integer (no allocation, and the compiler cannot
 * remove it) for half of the time still left (at most 50 µs), by a calibrated count of loads, then
 * reads the clock again: a 0.4 ms spin reads the clock about fifteen times instead of a few hundred.
 *
 * @example const s = new Spinner(cell); s.until(nowMs() + 0.3, nowMs) // returns 0–~3 µs after the time
 */

/** Fewest Atomics.load calls between clock reads: about 1–3 µs, the spin's resolution. */
export const MIN_LOADS = 64;
/** Of the time left, the share spun blindly before the next clock read… */
const BLIND_SHARE = 0.5;
/** …but never longer than this (ms): if the core runs slower than estimated, the overshoot stays small. */
const MAX_BLIND_MS = 0.05;
/** How fast the load rate estimate follows new measurements when loads ran faster than thought. */
const SPEED_UP = 0.1;

export class Spinner {
  /** Estimated Atomics.load calls per millisecond; starts low (safe: spins too short, reads again). */
  private loadsPerMs = 5_000;
  /** Clock reads made by the last until(). */
  lastReads = 0;
  /**
   * In the last until(), the most a blind stretch took beyond what the estimate said (ms). Much more
   * than a few µs means the thread lost the CPU in it.
   */
  lastOverrunMs = 0;

  /** `idle(n)` burns n loads; tests pass one that advances a fake clock instead. */
  constructor(
    cell: Int32Array,
    private readonly idle: (loads: number) => void = (n) => {
      for (let i = 0; i < n; i++) Atomics.load(cell, 0);
    },
  ) {}

  /** Current estimate of loads per millisecond. */
  get rate(): number {
    return this.loadsPerMs;
  }

  /** Spin until `clock()` reaches `until`; returns the time read at the end. */
  until(until: number, clock: () => number): number {
    let reads = 0;
    let loads = 0;
    let before = 0;
    let overrun = 0;
    for (;;) {
      const now = clock();
      reads++;
      if (loads > 0) overrun = Math.max(overrun, now - before - loads / this.loadsPerMs);
      if (loads >= MIN_LOADS * 2 && now > before) this.learn(loads / (now - before));
      if (now >= until) {
        this.lastReads = reads;
        this.lastOverrunMs = overrun;
        return now;
      }
      loads = Math.max(MIN_LOADS, Math.floor(Math.min((until - now) * BLIND_SHARE, MAX_BLIND_MS) * this.loadsPerMs));
      before = now;
      this.idle(loads);
    }
  }

  /**
   * Fold a measured rate into the estimate. A slower measurement (the thread lost the CPU, or the
   * core slowed) is taken at once, so the next blind stretch cannot overshoot; a faster one is
   * approached gradually, so one lucky stretch cannot either.
   */
  private learn(measured: number): void {
    this.loadsPerMs = measured < this.loadsPerMs ? measured : this.loadsPerMs + SPEED_UP * (measured - this.loadsPerMs);
  }
}
