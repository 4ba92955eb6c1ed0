/**
 * How long before a send the output thread stops sleeping and starts spinning. A sleep
 * (Atomics.wait) wakes late by an amount that depends on the machine and its load; spinning costs
 * a core. The window is a high quantile of recently measured wake-up lateness minus the error
 * we accept, clamped: long enough that nearly every send is on time, no longer than that.
 * And it never spends more than a CPU budget: at the current rate of sends, the window times the
 * sends a second stays within `cpuBudget` of a core. Where the machine wakes the thread later than
 * that allows (a loaded virtual machine), sends come late rather than the laptop running hot.
 *
 * @example const w = new AdaptiveSpin({ quantile: 0.99, toleranceMs: 0.02 });
 *          for (const ms of lateness) w.record(ms); w.windowMs // ≈ p99(lateness) − 0.02, clamped
 */

export interface AdaptiveSpinOptions {
  /** Quantile of measured lateness the window covers (default 0.995). */
  quantile?: number;
  /** Lateness we accept (ms) — subtracted from the quantile (default 0.02). */
  toleranceMs?: number;
  /** Window bounds (ms; defaults 0.05 and 2). */
  minMs?: number;
  maxMs?: number;
  /** Window before any measurement (ms; default 1). */
  initialMs?: number;
  /** Number of recent samples kept (default 512). */
  samples?: number;
  /** Recompute the window after this many new samples (default 32). */
  every?: number;
  /** Share of one core the spinning may use at most (default DEFAULT_SPIN_CPU_BUDGET; Infinity: none). */
  cpuBudget?: number;
}

/**
 * Default CPU budget of the spin: 7 % of a core. With the thread's other work (2–3 % at 200 sends
 * a second, most of it reading its inbox) the output thread stays within 10 % of a core; at 200
 * bursts a second that allows a 0.35 ms window, at 50 a second 1.4 ms.
 */
export const DEFAULT_SPIN_CPU_BUDGET = 0.07;

/** Weight of each new interval in the running mean of intervals between sends. */
const INTERVAL_WEIGHT = 1 / 32;

export class AdaptiveSpin {
  private readonly ring: Float64Array;
  private count = 0;
  private sinceUpdate = 0;
  private window: number;
  private readonly o: Required<AdaptiveSpinOptions>;
  private lastSend: number | undefined;
  private meanIntervalMs = Infinity;

  constructor(options: AdaptiveSpinOptions = {}) {
    this.o = { quantile: 0.995, toleranceMs: 0.02, minMs: 0.05, maxMs: 2, initialMs: 1, samples: 512, every: 32, cpuBudget: DEFAULT_SPIN_CPU_BUDGET, ...options };
    this.ring = new Float64Array(this.o.samples);
    this.window = clamp(this.o.initialMs, this.o.minMs, this.o.maxMs);
  }

  /** Current spin window (ms): what the lateness asks for, within the CPU budget. */
  get windowMs(): number {
    return Math.min(this.window, this.budgetMs);
  }

  /** The longest window the CPU budget allows at the current rate of sends (ms). */
  get budgetMs(): number {
    return this.o.cpuBudget * this.meanIntervalMs;
  }

  /** A burst went out at `t` (ms): keeps the rate of sends the budget is measured against. */
  sent(t: number): void {
    if (this.lastSend !== undefined && t > this.lastSend) {
      const interval = t - this.lastSend;
      this.meanIntervalMs = this.meanIntervalMs === Infinity ? interval : this.meanIntervalMs + INTERVAL_WEIGHT * (interval - this.meanIntervalMs);
    }
    this.lastSend = t;
  }

  /** Samples recorded so far. */
  get sampleCount(): number {
    return this.count;
  }

  /** Record how late (ms) a timed sleep woke after the time it asked for. */
  record(latenessMs: number): void {
    this.ring[this.count % this.ring.length] = Math.max(0, latenessMs);
    this.count++;
    // Early on every sample counts; later the window moves every `every` samples (a sort is not free).
    if (++this.sinceUpdate >= this.o.every || this.count <= this.o.every) {
      this.sinceUpdate = 0;
      this.window = clamp(this.latenessQuantile() - this.o.toleranceMs, this.o.minMs, this.o.maxMs);
    }
  }

  /** The largest lateness among the samples held (ms). */
  latenessMax(): number {
    const n = Math.min(this.count, this.ring.length);
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, this.ring[i]!);
    return max;
  }

  /** The configured quantile of the samples held. */
  latenessQuantile(): number {
    const n = Math.min(this.count, this.ring.length);
    if (n === 0) return this.o.initialMs;
    const sorted = this.ring.slice(0, n).sort();
    return sorted[Math.min(n - 1, Math.ceil(this.o.quantile * n) - 1)]!;
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
