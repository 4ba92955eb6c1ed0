import { describe, expect, it } from "vitest";
import { Clock, ParamChangeEvent, PPQ, TickEvent } from "../../src/index.ts";
import { virtualSystem, withClock } from "../helpers.ts";

function recordTicks(bus: { on: Function }, clock?: string) {
  const ticks: TickEvent[] = [];
  (bus.on as (t: typeof TickEvent, h: (e: TickEvent) => void) => void)(TickEvent, (e) => {
    if (!clock || e.clock === clock) ticks.push(e);
  });
  return ticks;
}

describe("Clock", () => {
  it("ticks on an exact grid of integer ticks, wrapping the loop step", async () => {
    const { system, bus } = withClock({ bpm: 120, stepsPerBeat: 4, loopSteps: 16 });
    const ticks = recordTicks(bus);
    await system.runFor(2.0); // one bar at 120 bpm
    expect(ticks.map((t) => t.tick)).toEqual(Array.from({ length: 16 }, (_, i) => i * 240));
    expect(ticks.map((t) => t.step)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    await system.runFor(0.125);
    expect(ticks.at(-1)).toMatchObject({ step: 0, index: 16, beat: 0, stepsPerBeat: 4, loopSteps: 16, clock: "clock" });
  });

  it("does not drift over 8 hours of virtual time", async () => {
    const { system, bus } = withClock({ bpm: 137, stepsPerBeat: 4 });
    let count = 0;
    let last: TickEvent | undefined;
    bus.on(TickEvent, (t) => {
      count++;
      last = t;
    });
    const hours = 8;
    await system.runFor(hours * 3600);
    const expectedSteps = Math.ceil(hours * 3600 * (137 / 60) * 4 - 1e-9);
    expect(count).toBe(expectedSteps);
    expect(last!.tick).toBe((expectedSteps - 1) * 240);
    // The last step sits exactly where the grid says, to the nanosecond.
    expect(system.timeline.tempo.toSeconds(last!.tick!)).toBeCloseTo(((expectedSteps - 1) * 60) / (137 * 4), 9);
  }, 60_000);

  it("keeps every later step on the grid when the tempo changes mid-bar", async () => {
    const { system, bus } = withClock({ bpm: 120, stepsPerBeat: 4 });
    const ticks = recordTicks(bus);
    await system.runFor(1.0); // two beats in
    bus.emit(new ParamChangeEvent({ target: "clock", param: "bpm", value: 60 }));
    await system.runFor(2.0);
    // Ticks stay on the 240-tick grid; only their spacing in seconds changes.
    expect(ticks.every((t) => t.tick! % 240 === 0)).toBe(true);
    const tempo = system.timeline.tempo;
    const secs = ticks.map((t) => tempo.toSeconds(t.tick!));
    expect(secs[8]! - secs[7]!).toBeCloseTo(0.125, 9); // 120 bpm 16ths before the change
    expect(secs.at(-1)! - secs.at(-2)!).toBeCloseTo(0.25, 9); // 60 bpm 16ths after it
    expect(tempo.changes.map((c) => [c.tick, c.bpm])).toEqual([
      [0, 120],
      [2 * PPQ, 60],
    ]);
  });

  it("runs several clocks at different rates against one tempo (polyrhythm 3:4)", async () => {
    const { system, bus } = withClock({ bpm: 120, stepsPerBeat: 4 });
    system.add(new Clock(bus, { name: "triplets", stepsPerBeat: 3, loopSteps: 12 }));
    const sixteenths = recordTicks(bus, "clock");
    const triplets = recordTicks(bus, "triplets");
    await system.runFor(2.0);
    expect(sixteenths).toHaveLength(16);
    expect(triplets).toHaveLength(12);
    expect(triplets.map((t) => t.tick)).toEqual(Array.from({ length: 12 }, (_, i) => i * 320));
  });

  it("keeps a second clock's own bpm as a fixed ratio when the main tempo moves", async () => {
    const { system, bus } = withClock({ bpm: 120, stepsPerBeat: 1 });
    system.add(new Clock(bus, { name: "slow", bpm: 90, stepsPerBeat: 1 }));
    const main = recordTicks(bus, "clock");
    const slow = recordTicks(bus, "slow");
    await system.runFor(6.0); // 12 beats of 120, 9 of the 90 clock
    expect(main).toHaveLength(12);
    expect(slow).toHaveLength(9);
    bus.emit(new ParamChangeEvent({ target: "clock", param: "bpm", value: 60 }));
    await system.runFor(12.0); // 12 more main beats, 9 more slow ones: still 4:3
    expect(main).toHaveLength(24);
    expect(slow).toHaveLength(18);
  });

  it("changes its grid from the next step on when stepsPerBeat changes", async () => {
    const { system, bus } = withClock({ bpm: 120, stepsPerBeat: 4 });
    const ticks = recordTicks(bus);
    await system.runFor(0.5); // steps 0..3
    bus.emit(new ParamChangeEvent({ target: "clock", param: "stepsPerBeat", value: 2 }));
    await system.runFor(1.0);
    expect(ticks.map((t) => t.tick)).toEqual([0, 240, 480, 720, 960, 1440, 1920, 2400]);
  });

  it("refuses a bad tempo with the valid range", async () => {
    const { system, bus, problems } = withClock();
    system.start();
    bus.emit(new ParamChangeEvent({ target: "clock", param: "bpm", value: -3 }));
    expect(problems[0]!.message).toBe("clock.bpm: expected a number from 1 to 999, got -3");
    expect(() => new Clock(virtualSystem().bus, { bpm: 0 })).toThrow(/bpm must be a number from 1 to 999/);
  });
});
