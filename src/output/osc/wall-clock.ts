/**
 * The wall clock a receiver reads, against the output clock we stamp with.
 *
 * The output clock (`nowMs()`) is monotonic: it never jumps, but it is not the system's calendar
 * time. SuperCollider and SuperDirt compare a bundle's timetag with the calendar time (the system's
 * real-time clock, which NTP steers), so a timetag must be calendar time. The two clocks drift
 * apart (NTP slews the calendar clock by up to 500 ppm), so the offset between them is measured
 * again every few seconds, not once.
 *
 * A calendar reading in Node (`Date.now()`) has whole milliseconds only; read at a random moment
 * it is up to 1 ms behind. At the instant it *changes*, though, the calendar time is that integer
 * to within the cost of one read (≈ 0.05 µs): so a measurement waits for the next change of
 * `Date.now()` (at most 1 ms of spinning) and pairs it with the output clock read just then.
 *
 * A new measurement is not taken at once: the offset in use moves toward it at a bounded rate
 * (`slewMsPerSecond`), so successive timetags never jump and never reorder; a step larger than
 * `stepMs` (the calendar clock was set by hand) is taken at once, since slewing would take minutes.
 *
 * @example const wall = new WallClock(); wall.measure(); wall.toUnixMs(nowMs() + 40) // calendar time 40 ms from now
 */

/** A bracket this narrow (ms) is as good as a measurement gets: a read costs ≈ 0.03 µs. */
const TIGHT_MS = 0.005;

export interface WallClockOptions {
  /** The output clock (ms, monotonic). */
  now: () => number;
  /** The calendar clock (ms since 1970, whole ms). */
  calendar: () => number;
  /** How fast the offset in use may follow a new measurement (ms per second). */
  slewMsPerSecond?: number;
  /** A difference larger than this (ms) is a clock that was set: taken at once. */
  stepMs?: number;
}

export class WallClock {
  private used: number | undefined;
  private target: number | undefined;
  private lastAt: number | undefined;
  private first: { at: number; offset: number } | undefined;
  private latest: { at: number; offset: number } | undefined;
  private readonly now: () => number;
  private readonly calendar: () => number;
  private readonly slew: number;
  private readonly stepMs: number;
  /** Measurements taken, and how many were steps. */
  measurements = 0;
  steps = 0;

  constructor(o: WallClockOptions) {
    this.now = o.now;
    this.calendar = o.calendar;
    this.slew = o.slewMsPerSecond ?? 1;
    this.stepMs = o.stepMs ?? 20;
  }

  /**
   * Measure the offset (calendar − output clock) at the next change of the calendar's millisecond.
   * Spins for about 1 ms per try. The change happened between the last read that did not see it
   * and the read that did; the output clock is read around both, and a try whose bracket is wider
   * than `TIGHT_MS` (the thread was preempted in between) is taken again, up to `tries` times,
   * keeping the tightest. Returns the offset measured.
   */
  measure(tries = 5): number {
    let best: { at: number; offset: number; width: number } | undefined;
    for (let i = 0; i < tries && !(best && best.width <= TIGHT_MS); i++) {
      const m = this.edge();
      if (m && (!best || m.width < best.width)) best = m;
    }
    if (!best) {
      // a calendar that never moved (a broken fake): one plain reading is all there is
      const at = this.now();
      best = { at, offset: this.calendar() - at, width: Infinity };
    }
    this.observe(best.at, best.offset);
    return best.offset;
  }

  /** One try: the output time of the calendar's next change of millisecond, bracketed. */
  private edge(): { at: number; offset: number; width: number } | undefined {
    // Each read of the calendar is bracketed by two of the output clock. The change happened after
    // the last read that did not see it (so after that read's opening bracket) and before the
    // read that did (so before its closing bracket): a stall anywhere in there widens the bracket.
    let openedBefore = this.now();
    const start = this.calendar();
    const giveUp = openedBefore + 5;
    for (;;) {
      const opened = this.now();
      const cal = this.calendar();
      const closed = this.now();
      if (cal !== start) {
        const at = (openedBefore + closed) / 2;
        return { at, offset: cal - at, width: closed - openedBefore };
      }
      if (closed > giveUp) return undefined;
      openedBefore = opened;
    }
  }

  /** A measured offset (calendar − output clock) at output time `at`. */
  observe(at: number, offset: number): void {
    this.measurements++;
    this.latest = { at, offset };
    this.first ??= { at, offset };
    if (this.used === undefined || Math.abs(offset - this.current(at)) > this.stepMs) {
      if (this.used !== undefined) this.steps++;
      this.used = offset;
      this.target = offset;
      this.lastAt = at;
      return;
    }
    this.current(at); // bring `used` up to `at` before aiming it elsewhere
    this.target = offset;
  }

  /** Calendar time (Unix ms, fraction kept) of an output-clock time. */
  toUnixMs(outputMs: number): number {
    return outputMs + this.current(this.now());
  }

  /** The offset in use at output time `at` (slewing toward the last measurement). */
  private current(at: number): number {
    if (this.used === undefined || this.target === undefined) throw new Error("the wall clock has not been measured yet");
    const elapsed = Math.max(0, at - (this.lastAt ?? at));
    const step = (this.slew * elapsed) / 1000;
    this.used += Math.max(-step, Math.min(step, this.target - this.used));
    this.lastAt = Math.max(at, this.lastAt ?? at);
    return this.used;
  }

  /** The offset in use now (calendar − output clock, ms). */
  get offsetMs(): number {
    return this.current(this.now());
  }

  /**
   * How fast the calendar clock runs against the output clock, in parts per million, from the
   * first and the latest measurement (0 until they are 5 s apart).
   */
  get driftPpm(): number {
    if (!this.first || !this.latest || this.latest.at - this.first.at < 5000) return 0;
    return ((this.latest.offset - this.first.offset) / (this.latest.at - this.first.at)) * 1e6;
  }
}
