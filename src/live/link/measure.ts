/**
 * Measuring another session's ghost time against our clock: pings to one of its peers, each
 * carrying our host time; its pong carries its ghost time and our host time back. With the pong's
 * arrival, a sample is `ghost − (sent + arrived) / 2` (the ghost time was read about half way),
 * good to half the round trip. The samples with the shortest round trips are the ones least
 * delayed on one leg: the result is the median of the fastest third.
 *
 * @example new Measurer(send, hostUs).run() // → ghost − host in µs, or undefined if the peer never answered
 */
import { encodePing, type Measurement } from "./wire.ts";

export interface MeasureOptions {
  /** Samples to collect. */
  samples?: number;
  /** A ping not answered within this (ms) is sent again. */
  timeoutMs?: number;
  /** Give up after this many unanswered pings in a row. */
  maxTimeouts?: number;
}

export class Measurer {
  private readonly samples: Array<{ offset: number; rtt: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private done: ((offset: number | undefined) => void) | undefined;
  private timeouts = 0;
  private readonly want: number;
  private readonly timeoutMs: number;
  private readonly maxTimeouts: number;

  constructor(
    private readonly send: (b: Buffer) => void,
    private readonly hostUs: () => number,
    o: MeasureOptions = {},
  ) {
    this.want = o.samples ?? 20;
    this.timeoutMs = o.timeoutMs ?? 50;
    this.maxTimeouts = o.maxTimeouts ?? 10;
  }

  run(): Promise<number | undefined> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.ping();
    });
  }

  /** A pong for this measurement arrived at host time `now`. */
  pong(m: Measurement, now: number): void {
    if (!this.done || m.ghostTime === undefined || m.hostTime === undefined) return;
    const rtt = now - m.hostTime;
    if (rtt < 0 || rtt > 1_000_000) return; // not an answer to one of our pings
    this.samples.push({ offset: m.ghostTime - (m.hostTime + now) / 2, rtt });
    this.timeouts = 0;
    if (this.samples.length >= this.want) return this.finish();
    // the next ping a moment later, so the two legs of one exchange do not queue behind another's
    this.schedule(1, () => this.ping());
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.done?.(undefined);
    this.done = undefined;
  }

  private ping(): void {
    if (!this.done) return;
    this.send(encodePing(this.hostUs()));
    this.schedule(this.timeoutMs, () => {
      if (++this.timeouts >= this.maxTimeouts) return this.finish();
      this.ping();
    });
  }

  private schedule(ms: number, fn: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
  }

  private finish(): void {
    clearTimeout(this.timer);
    const done = this.done;
    this.done = undefined;
    done?.(bestOffset(this.samples));
  }
}

/** The median offset of the third of the samples with the shortest round trips (undefined: none). */
export function bestOffset(samples: ReadonlyArray<{ offset: number; rtt: number }>): number | undefined {
  if (samples.length === 0) return undefined;
  const fastest = [...samples].sort((a, b) => a.rtt - b.rtt).slice(0, Math.max(1, Math.ceil(samples.length / 3)));
  const offsets = fastest.map((s) => s.offset).sort((a, b) => a - b);
  const mid = offsets.length >> 1;
  return offsets.length % 2 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
}
