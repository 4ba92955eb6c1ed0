/**
 * MIDI clock in: follows an external tempo from the arrival times of its clock pulses (0xF8, 24
 * per quarter note) and reports its transport (Start, Stop, Continue, Song Position).
 *
 * The tempo is the slope of a least-squares line through the pulse times (ms against pulse count),
 * after dropping outliers (a pulse further from the line than 4 robust deviations, ≥ 1 ms). A line
 * through many points is far steadier than any single interval: with ±2 ms of jitter an interval at
 * 120 bpm is 20.8 ± 4 ms (±20 %), while 192 points give the tempo to a few hundredths of a bpm.
 * The window holds up to `windowPulses` pulses; when the last `minPulses` disagree with the whole
 * window beyond their noise (the tempo moved: a step or a ramp), the window is cut to those, so a
 * change of 1.5 % or more is followed within about two beats and a steady tempo is measured over eight.
 *
 * It owns no timer and reads no clock: every call brings its time in ms. The owner calls poll(now)
 * now and then (every 100 ms is plenty) so that a clock that stopped arriving is noticed.
 */
import type { MidiMessage } from "../input/messages.ts";

export interface MidiClockFollowerOptions {
  /** The external tempo moved (by more than `thresholdBpm`, from a full, consistent window), or was found again after a loss. */
  onTempo?: (bpm: number, atMs: number) => void;
  onStart?: (atMs: number) => void;
  onStop?: (atMs: number) => void;
  onContinue?: (atMs: number) => void;
  /** Song Position Pointer: `sixteenths` 16th notes = `ticks` ticks at PPQ 960. */
  onSongPosition?: (sixteenths: number, ticks: number, atMs: number) => void;
  /** No clock pulse for `lostAfterMs`. */
  onLost?: (atMs: number) => void;
  /** Most pulses the estimate uses (default 192 = 8 beats). */
  windowPulses?: number;
  /** Pulses needed before a tempo is reported, and the short window that detects a change (default 24 = 1 beat). */
  minPulses?: number;
  /** Smallest change reported, in bpm (default 0.1). */
  thresholdBpm?: number;
  /** Silence after which the clock counts as lost, in ms (default 500). */
  lostAfterMs?: number;
}

interface Fit {
  /** ms per pulse */
  slope: number;
  intercept: number;
  /** Standard deviation of the points about the line (ms). */
  sigma: number;
  /** Spread of the pulse numbers, Σ(x − x̄)²: the slope's standard error is sigma / √sxx. */
  sxx: number;
}

const PULSES_PER_BEAT = 24;
const TICKS_PER_PULSE = 40;
/** Pulses in a row the recent tempo must disagree with the window's before the window is cut. */
const CONFIRM_PULSES = 3;

export class MidiClockFollower {
  private readonly windowPulses: number;
  private readonly minPulses: number;
  private readonly thresholdBpm: number;
  private readonly lostAfterMs: number;
  /** Arrival times (ms) of the pulses in the window and their pulse numbers. */
  private times: number[] = [];
  private counts: number[] = [];
  private count = 0;
  private lastPulseMs: number | undefined;
  private reported: number | undefined;
  private estimate: number | undefined;
  private lost = false;
  private apartFor = 0;
  private transportRunning = false;
  /** The song position (in pulses) of the next pulse while running. */
  private nextPulse = 0;

  constructor(private readonly options: MidiClockFollowerOptions = {}) {
    this.minPulses = Math.max(4, Math.floor(options.minPulses ?? 24));
    this.windowPulses = Math.max(this.minPulses, Math.floor(options.windowPulses ?? 192));
    this.thresholdBpm = options.thresholdBpm ?? 0.1;
    this.lostAfterMs = options.lostAfterMs ?? 500;
  }

  /** The current tempo estimate (undefined until `minPulses` pulses have arrived, or after a loss). */
  get bpm(): number | undefined {
    return this.estimate;
  }

  /** True while pulses arrive and a tempo is known. */
  get locked(): boolean {
    return this.estimate !== undefined && !this.lost;
  }

  /** The external transport plays (after Start/Continue, until Stop). */
  get running(): boolean {
    return this.transportRunning;
  }

  /** The song position of the last pulse received while running, in ticks (the first pulse after Start is 0). */
  get positionTicks(): number {
    return Math.max(0, this.nextPulse - 1) * TICKS_PER_PULSE;
  }

  /** Feed one parsed input message with its arrival time in ms. Other messages are ignored. */
  handle(msg: MidiMessage, atMs: number): void {
    switch (msg.type) {
      case "clock":
        return this.pulse(atMs);
      case "start":
        this.transportRunning = true;
        this.nextPulse = 0;
        return this.options.onStart?.(atMs);
      case "continue":
        this.transportRunning = true;
        return this.options.onContinue?.(atMs);
      case "stop":
        this.transportRunning = false;
        return this.options.onStop?.(atMs);
      case "songPosition":
        this.nextPulse = msg.sixteenths * 6;
        return this.options.onSongPosition?.(msg.sixteenths, msg.sixteenths * 6 * TICKS_PER_PULSE, atMs);
      case "reset":
        this.transportRunning = false;
        this.nextPulse = 0;
        return;
      default:
        this.poll(atMs);
    }
  }

  /** Notice a lost clock: call every ~100 ms with the current time. */
  poll(nowMs: number): void {
    if (this.lastPulseMs === undefined || this.lost || !(nowMs - this.lastPulseMs > this.lostAfterMs)) return;
    this.lost = true;
    this.times = [];
    this.counts = [];
    this.estimate = undefined;
    this.reported = undefined; // so the tempo is reported again when the clock comes back
    this.options.onLost?.(nowMs);
  }

  private pulse(atMs: number): void {
    if (this.transportRunning) this.nextPulse++;
    const count = this.count++;
    // A pulse whose time is unusable (not after the previous one) still counts, so the pulses after
    // it keep their numbers (a skipped number would read as a tempo change); it adds no point.
    if (!Number.isFinite(atMs) || (this.lastPulseMs !== undefined && atMs <= this.lastPulseMs)) return;
    this.poll(atMs);
    this.lost = false;
    this.lastPulseMs = atMs;
    this.times.push(atMs);
    this.counts.push(count);
    while (this.counts[0]! <= count - this.windowPulses) {
      this.times.shift();
      this.counts.shift();
    }
    const n = this.times.length;
    if (n < this.minPulses) return;
    let fit = fitLine(this.counts, this.times);
    if (n > this.minPulses) {
      const recent = fitLine(this.counts.slice(-this.minPulses), this.times.slice(-this.minPulses));
      const sigma = jitter(this.times);
      const apart = Math.abs(recent.slope - fit.slope) > 5 * sigma * Math.hypot(1 / Math.sqrt(recent.sxx), 1 / Math.sqrt(fit.sxx));
      // A real change persists (and grows); a run of unlucky jitter fades: ask for a few pulses in a row.
      this.apartFor = apart ? this.apartFor + 1 : 0;
      if (this.apartFor >= CONFIRM_PULSES) {
        this.apartFor = 0;
        // The tempo moved: measure from the recent pulses only.
        this.times = this.times.slice(-this.minPulses);
        this.counts = this.counts.slice(-this.minPulses);
        fit = recent;
      }
    }
    if (!(fit.slope > 0)) return;
    this.estimate = 60_000 / (fit.slope * PULSES_PER_BEAT);
    // Stable: a move is reported once it exceeds both the threshold and 3 standard errors of the
    // estimate, so a young window (a beat of pulses) does not report every wobble.
    const uncertainty = (this.estimate * jitter(this.times)) / Math.sqrt(fit.sxx) / fit.slope;
    if (this.reported === undefined || Math.abs(this.estimate - this.reported) > Math.max(this.thresholdBpm, 3 * uncertainty)) {
      this.reported = Math.round(this.estimate * 100) / 100;
      this.options.onTempo?.(this.reported, atMs);
    }
  }
}

/**
 * The timing noise of one pulse (ms), from second differences t[i+1] − 2t[i] + t[i−1]: blind to
 * the tempo and nearly so to its changes, unlike residuals about a line. Robust (median-based),
 * floored at 0.05 ms.
 */
export function jitter(times: readonly number[]): number {
  const d2: number[] = [];
  for (let i = 1; i + 1 < times.length; i++) d2.push(Math.abs(times[i + 1]! - 2 * times[i]! + times[i - 1]!));
  // For independent noise of deviation s, a second difference has deviation s·√6.
  return Math.max(0.05, (1.4826 * median(d2)) / Math.sqrt(6));
}

/** Least-squares line of y against x, refitted once without the points beyond 4 robust deviations. */
export function fitLine(x: readonly number[], y: readonly number[]): Fit {
  const first = leastSquares(x, y);
  const residuals = x.map((xi, i) => y[i]! - (first.intercept + first.slope * xi));
  const mad = median(residuals.map(Math.abs));
  const limit = Math.max(1, 4 * 1.4826 * mad);
  const keep = residuals.map((r) => Math.abs(r) <= limit);
  if (keep.every(Boolean)) return first;
  return leastSquares(
    x.filter((_, i) => keep[i]),
    y.filter((_, i) => keep[i]),
  );
}

function leastSquares(x: readonly number[], y: readonly number[]): Fit {
  const n = x.length;
  if (n < 3) return { slope: Number.NaN, intercept: Number.NaN, sigma: Infinity, sxx: 0 };
  // Centre both axes: pulse times are large numbers (ms since boot) and squares would lose precision.
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - intercept - slope * x[i]!) ** 2;
  return { slope, intercept, sigma: Math.sqrt(sse / (n - 2)), sxx };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
