/**
 * The realtime driver on a manual clock: the wall clock and the timers are the test's, so a
 * stall, a catch-up, a pause and a resume are exact and nothing here waits for real time.
 */
import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/core/time.ts";
import { RealtimeDriver } from "../../src/core/realtime-driver.ts";
import { Timeline } from "../../src/core/timeline.ts";
import { ManualClock } from "../manual-clock.ts";

/** A timeline at 120 bpm (a beat is 500 ms) with a marker timer on every 16th note. */
function setup(lookaheadMs = 50, wakeMs = 5) {
  const tl = new Timeline(120);
  const clock = new ManualClock();
  const played: Array<{ tick: number; wall: number }> = [];
  const step = PPQ / 4; // 125 ms
  const every16th = (tick: number) => {
    tl.at(tick, () => {
      played.push({ tick, wall: clock.ms });
      every16th(tick + step);
    });
  };
  every16th(0);
  const driver = new RealtimeDriver(tl, { lookaheadMs, wakeMs, now: clock.now, timers: clock });
  const windows: number[] = [];
  driver.onWindow = (t) => windows.push(t);
  return { tl, clock, driver, played, windows, step };
}

const msToTicks = (ms: number) => (ms / 500) * PPQ;
/** Where a window ends: the horizon in ticks, rounded up (seconds are floats: within one tick). */
const near = (tick: number, ms: number) => Math.abs(tick - msToTicks(ms)) <= 1;

describe("RealtimeDriver on a manual clock", () => {
  it("computes music `lookahead` ahead of the wall clock, a window per wake", async () => {
    const { tl, clock, driver, windows } = setup(50, 5);
    const done = driver.run(Infinity);
    await clock.advance(0);
    // first window: [0, 50 ms) of music, at wall time 1000 (the origin)
    expect(driver.origin).toBe(1000);
    expect(windows).toHaveLength(1);
    expect(near(windows[0]!, 50)).toBe(true);
    expect(clock.waiting).toBe(1);
    await clock.advance(5);
    expect(near(windows.at(-1)!, 55)).toBe(true);
    await clock.advance(95);
    // one window per 5 ms wake, each 50 ms ahead of the wall
    expect(windows).toHaveLength(21);
    expect(near(tl.now, 150)).toBe(true);
    driver.stop();
    await done;
    expect(clock.waiting).toBe(0);
  });

  it("after a stall catches up at once: every step is computed, each on its own tick", async () => {
    const { clock, driver, played, step } = setup();
    const done = driver.run(Infinity);
    await clock.advance(200);
    const before = played.length; // steps at 0 and 125 ms (250 ms is just past the lookahead's 250)
    expect(played.map((p) => p.tick)).toEqual([0, step]);
    clock.jump(1000); // the thread was busy for a second: the wake due at 1205 is late
    await clock.advance(5);
    // The late wake (wall 2200) computes music up to 1200 + 50 ms at once: the steps at
    // 250 … 1125 ms, none lost, each on its own tick; the next wake (2205) brings 1250 ms.
    const caught = played.slice(before);
    expect(caught.map((p) => p.tick)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => i * step));
    expect(caught.slice(0, -1).every((p) => p.wall === 2200)).toBe(true);
    expect(caught.at(-1)!.wall).toBe(2205);
    driver.stop();
    await done;
  });

  it("resumes where the music stood after a pause: the pause is not skipped", async () => {
    const { tl, clock, driver, played, step } = setup();
    const first = driver.run(Infinity);
    await clock.advance(300);
    driver.stop();
    await first;
    const stoodAt = tl.now;
    const heard = played.length;
    clock.jump(10_000); // paused for 10 s
    const second = driver.run(Infinity);
    await clock.advance(0);
    // the origin moved by the pause: musical time goes on from where it stood
    expect(driver.origin).toBe(clock.ms - tl.tempo.toSeconds(stoodAt) * 1000);
    expect(driver.elapsedSeconds()).toBeCloseTo(tl.tempo.toSeconds(stoodAt), 9);
    await clock.advance(200);
    const after = played.slice(heard).map((p) => p.tick);
    expect(after[0]).toBe(played[heard - 1]!.tick + step); // the very next step, nothing skipped
    driver.stop();
    await second;
  });

  it("keeps the grid of a given origin (a takeover), and ends when the wall clock reaches the end", async () => {
    const { tl, clock, driver } = setup();
    // an engine that started 2 s ago on the wall clock: music resumes 2 s in
    const done = driver.run(3, clock.ms - 2000);
    await clock.advance(0);
    expect(near(tl.now, 2050)).toBe(true);
    let ended = false;
    void done.then(() => (ended = true));
    await clock.advance(990);
    expect(ended).toBe(false);
    await clock.advance(10);
    expect(ended).toBe(true);
    expect(tl.now).toBe(msToTicks(3000));
    expect(driver.wallMsAt(3)).toBe(clock.ms);
  });
});
