import { describe, expect, it } from "vitest";
import { WallClock } from "../../../src/output/osc/wall-clock.ts";

/** A fake machine: the output clock advances 0.001 ms per read; the calendar is `offset` ahead, in whole ms, and drifts. */
function machine(offsetMs: number, driftPpm = 0) {
  const m = {
    t: 1000.3,
    offset: offsetMs,
    now: () => (m.t += 0.001),
    calendar: () => Math.floor(m.t + m.offset + (m.t * driftPpm) / 1e6),
  };
  return m;
}

describe("WallClock: the calendar time of the output clock", () => {
  it("finds the offset to a few microseconds although the calendar shows whole milliseconds", () => {
    const m = machine(1_764_600_000_000.6789);
    const wall = new WallClock({ now: m.now, calendar: m.calendar });
    const measured = wall.measure();
    expect(Math.abs(measured - m.offset)).toBeLessThan(0.005);
    expect(Math.abs(wall.toUnixMs(5000) - (5000 + m.offset))).toBeLessThan(0.005);
  });

  it("a try interrupted just as the millisecond changed (the thread preempted) is taken again", () => {
    const m = machine(250.4);
    let reads = 0;
    let preempted = false;
    const now = () => {
      reads++;
      // the first time the calendar is about to change, the thread stalls 0.7 ms in between two reads
      if (!preempted && Math.floor(m.t + 0.001 + m.offset) !== Math.floor(m.t + m.offset)) {
        preempted = true;
        m.t += 0.7;
      }
      return m.now();
    };
    const wall = new WallClock({ now, calendar: m.calendar });
    expect(Math.abs(wall.measure() - m.offset)).toBeLessThan(0.005);
    expect(preempted).toBe(true);
    expect(reads).toBeGreaterThan(0);
  });

  it("follows a drifting calendar at a bounded rate: no timetag jumps", () => {
    const m = machine(500.25);
    const wall = new WallClock({ now: m.now, calendar: m.calendar, slewMsPerSecond: 1 });
    wall.measure();
    const before = wall.offsetMs;
    m.offset += 0.8; // NTP moved the calendar 0.8 ms
    m.t += 10; // 10 ms later
    wall.measure();
    const soon = wall.offsetMs;
    expect(soon - before).toBeGreaterThan(0);
    expect(soon - before).toBeLessThanOrEqual(0.011); // at most 1 ms per second of the 10 ms that passed
    m.t += 2000;
    expect(Math.abs(wall.offsetMs - m.offset)).toBeLessThan(0.005); // caught up within a second
  });

  it("takes a step of the calendar (set by hand) at once and counts it", () => {
    const m = machine(100);
    const wall = new WallClock({ now: m.now, calendar: m.calendar, stepMs: 20 });
    wall.measure();
    m.offset += 3600_000;
    wall.measure();
    expect(Math.abs(wall.offsetMs - m.offset)).toBeLessThan(0.005);
    expect(wall.steps).toBe(1);
  });

  it("reports the drift in ppm once the measurements span 5 s", () => {
    const m = machine(100, 50);
    const wall = new WallClock({ now: m.now, calendar: m.calendar });
    wall.measure();
    expect(wall.driftPpm).toBe(0);
    m.t += 60_000;
    wall.measure();
    expect(wall.driftPpm).toBeGreaterThan(49);
    expect(wall.driftPpm).toBeLessThan(51);
  });

  it("a calendar that never moves does not hang the measurement", () => {
    let t = 0;
    const wall = new WallClock({ now: () => (t += 0.01), calendar: () => 42 });
    expect(Number.isFinite(wall.measure())).toBe(true);
  });

  it("says so when asked before any measurement", () => {
    const wall = new WallClock({ now: () => 0, calendar: () => 0 });
    expect(() => wall.toUnixMs(1)).toThrow(/not been measured/);
  });
});
