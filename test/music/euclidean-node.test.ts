import { describe, expect, it } from "vitest";
import { Clock, EuclideanPattern, EuclideanRhythmNode, ParamChangeEvent, TriggerEvent } from "../../src/index.ts";
import { withClock } from "../helpers.ts";

function hitSteps(ticks: number[]) {
  return ticks.map((t) => t / 240);
}

describe("EuclideanRhythmNode", () => {
  it("publishes its trigger on the hits of its pattern", async () => {
    const { system, bus } = withClock();
    system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 16, pulses: 5 }), hitTriggerName: "kick" }));
    const hits: TriggerEvent[] = [];
    bus.on(TriggerEvent, (t) => hits.push(t));
    await system.runFor(4.0); // two bars
    expect(hitSteps(hits.map((h) => h.tick!))).toEqual([0, 3, 6, 9, 12, 16, 19, 22, 25, 28]);
    expect(hits.every((h) => h.name === "kick" && h.source === "euc")).toBe(true);
  });

  it("applies the seed's ParamChangeEvents at the next step", async () => {
    const { system, bus } = withClock();
    system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 8, pulses: 3 }) }));
    const ticks: number[] = [];
    bus.on(TriggerEvent, (t) => ticks.push(t.tick!));
    await system.runFor(1.0); // steps 0..7: x..x..x.
    await bus.publish(new ParamChangeEvent({ target: "euc", param: "pulses", value: 5 }));
    await bus.publish(new ParamChangeEvent({ target: "euc", param: "rotation", value: 1 }));
    await system.runFor(1.0); // .xx.xx.x  (x.xx.xx. rotated left by one)
    expect(hitSteps(ticks)).toEqual([0, 3, 6, 9, 10, 12, 13, 15]);
  });

  it("lets `probability` thin the hits, reproducibly for a seed", async () => {
    async function run(seed: number) {
      const { system, bus } = withClock({ seed });
      system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 4, pulses: 4 }), probability: 0.5 }));
      const ticks: number[] = [];
      bus.on(TriggerEvent, (t) => ticks.push(t.tick!));
      await system.runFor(60);
      return ticks;
    }
    const a = await run(1);
    expect(a).toEqual(await run(1));
    expect(a).not.toEqual(await run(2));
    expect(a.length / 480).toBeGreaterThan(0.4);
    expect(a.length / 480).toBeLessThan(0.6);
  });

  it("refuses pulses above steps, naming the limit, and keeps playing the old pattern", async () => {
    const { system, bus, problems } = withClock();
    const euc = system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 8, pulses: 3 }) }));
    system.start();
    bus.emit(new ParamChangeEvent({ target: "euc", param: "pulses", value: 12 }));
    bus.emit(new ParamChangeEvent({ target: "euc", param: "pulse", value: 2 }));
    expect(problems.map((p) => p.message)).toEqual([
      "euc.pulses: expected an integer from 0 to 8, got 12",
      'euc has no param "pulse"; did you mean "pulses"? its params: steps, pulses, rotation, probability, trigger, value',
    ]);
    expect(euc.pattern.toString()).toBe("x..x..x.");
  });

  it("follows one clock when told to (several clocks, polyrhythm)", async () => {
    const { system, bus } = withClock();
    system.add(new Clock(bus, { name: "three", stepsPerBeat: 3 }));
    system.add(new EuclideanRhythmNode(bus, { name: "a", pattern: new EuclideanPattern({ steps: 3, pulses: 3 }), hitTriggerName: "a", clock: "three" }));
    system.add(new EuclideanRhythmNode(bus, { name: "b", pattern: new EuclideanPattern({ steps: 4, pulses: 4 }), hitTriggerName: "b", clock: "clock" }));
    const count = { a: 0, b: 0 };
    bus.on(TriggerEvent, (t) => count[t.name as "a" | "b"]++);
    await system.runFor(2.0);
    expect(count).toEqual({ a: 12, b: 16 });
  });
});
