/**
 * The output latency as a function of the time a message is *for*. A message stamped `t` goes out
 * at `t + latencyAt(t)`. Changing the latency does not jump: from the moment of the change the
 * value glides to the target at `rate` ms per ms, and because |rate| < 1 the send time
 * `t + latencyAt(t)` still rises strictly with `t` — messages keep their order, and none is
 * suddenly overdue. Messages stamped before the change keep the latency they had.
 *
 * @example const g = new LatencyGlide(20, 0.05); g.set(1000, 30);
 *          g.at(999) // 20;  g.at(1100) // 25;  g.at(1200) // 30;  g.at(5000) // 30
 */

interface Point {
  t: number;
  ms: number;
}

export class LatencyGlide {
  /** Breakpoints of a piecewise-linear function, rising in t; constant before the first and after the last. */
  private points: Point[];

  constructor(initialMs: number, readonly rate = 0.05) {
    checkLatency(initialMs);
    if (!(rate > 0 && rate < 1)) throw new RangeError(`latency glide rate must be between 0 and 1 ms per ms, got ${rate}`);
    this.points = [{ t: -Infinity, ms: initialMs }];
  }

  /** The latency it is gliding to (or holds). */
  get target(): number {
    return this.points[this.points.length - 1]!.ms;
  }

  /** Latency for a message stamped `t`. */
  at(t: number): number {
    const p = this.points;
    const last = p[p.length - 1]!;
    if (t >= last.t) return last.ms;
    if (t <= p[0]!.t) return p[0]!.ms;
    let i = p.length - 2;
    while (p[i]!.t > t) i--;
    const a = p[i]!;
    const b = p[i + 1]!;
    if (a.t === -Infinity) return a.ms;
    return a.ms + ((b.ms - a.ms) * (t - a.t)) / (b.t - a.t);
  }

  /** Send time of a message stamped `t`. */
  due(t: number): number {
    return t + this.at(t);
  }

  /** From stamp time `now` on, glide to `targetMs`. */
  set(now: number, targetMs: number): void {
    checkLatency(targetMs);
    const from = this.at(now);
    const kept = this.points.filter((p) => p.t < now);
    kept.push({ t: now, ms: from });
    if (targetMs !== from) kept.push({ t: now + Math.abs(targetMs - from) / this.rate, ms: targetMs });
    this.points = kept;
  }

  /** Forget breakpoints that no message stamped at or after `oldest` needs. */
  prune(oldest: number): void {
    while (this.points.length > 1 && this.points[1]!.t <= oldest) this.points.shift();
  }

  /** Number of breakpoints held (for tests: pruning keeps this small). */
  get size(): number {
    return this.points.length;
  }
}

/** Largest latency accepted (ms): beyond a second, a live set stops feeling live. */
export const MAX_LATENCY_MS = 1000;

function checkLatency(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS)
    throw new RangeError(`latency must be a number of ms from 0 to ${MAX_LATENCY_MS}, got ${ms}`);
}
