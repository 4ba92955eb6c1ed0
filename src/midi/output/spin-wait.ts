/**
 * Busy-wait until a time without allocating. Reading the clock (performance.now()) allocates a
 * heap number on every call in Node 20 — a spin that reads it back to back fills the young
 * generation at ~100 MB/s and pays for it in garbage-collection pauses at the worst moments.
 * So the spin reads the clock, then idles for a few microseconds on Atomics.load of a shared
 * integer (no allocation, and the compiler cannot remove it), then reads the clock again.
 *
 * @example spinUntil(nowMs() + 0.1, nowMs, control) // returns 0–~3 µs after the time
 */

/** Atomics.load calls between clock reads: about 1–3 µs on the machines measured (15–30 ns each). */
export const LOADS_PER_CLOCK_READ = 64;

export function spinUntil(until: number, clock: () => number, cell: Int32Array): number {
  let reads = 0;
  for (;;) {
    const now = clock();
    reads++;
    if (now >= until) return reads;
    for (let i = 0; i < LOADS_PER_CLOCK_READ; i++) Atomics.load(cell, 0);
  }
}
