/**
 * The output clock: milliseconds since the Unix epoch at sub-microsecond resolution, monotonic,
 * and the same on every thread. `performance.now()` alone is not: each worker has its own
 * `timeOrigin`, so a time stamped on the main thread would mean something else in the worker.
 *
 * @example nowMs() // 1764600000123.4567 (the same instant reads the same on both threads)
 */
import { performance } from "node:perf_hooks";

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Convert a main-thread `performance.now()` reading (the RealtimeDriver's clock) to `nowMs()` time.
 *
 * @example fromPerformanceNow(performance.now()) ≈ nowMs()
 */
export function fromPerformanceNow(ms: number): number {
  return performance.timeOrigin + ms;
}
