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
   * Spins for at most ~1 ms. Returns the offset measured.
   */
  measure(): number {
    const start = this.calendar();
    let cal = start;
    let t = this.now();
    // A calendar clock that never moves (a broken fake) must not hang us: give up after 5 ms.
    const giveUp = t + 5;
    while (cal === start) {
      t = this.now();
      cal = this.calendar();
      if (t > giveUp) break;
    }
    // `t` was read just before the read that saw the change: the change happened between the two
    // reads, so the best estimate of the output time of the integer `cal` is `t` (a read costs ≪ 1 µs).
    const offset = cal - t;
    this.observe(t, offset);
    return offset;
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
