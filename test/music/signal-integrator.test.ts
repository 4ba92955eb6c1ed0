import { describe, expect, it } from "vitest";
import { ContinuousSignal, Integrator, TriggerEvent, ValueEvent } from "../../src/index.ts";
import { virtualSystem } from "../helpers.ts";

describe("ContinuousSignal", () => {
  it("samples fn(t) at hz in clock time", async () => {
    const { system, bus } = virtualSystem();
    system.add(new ContinuousSignal(bus, { name: "ramp", hz: 10, fn: (t) => t * 2 }));
    const values: ValueEvent[] = [];
    bus.on(ValueEvent, (v) => values.push(v));
    await system.runFor(1.0);
    expect(values.map((v) => v.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8].map((x) => expect.closeTo(x, 9)));
    expect(values[5]!.tick).toBe(960); // 0.5 s = one beat at 120 bpm
    expect(values.every((v) => v.name === "ramp")).toBe(true);
  });

  it("stops with a clear error when fn returns something that is not a number", async () => {
    const { system, bus, problems } = virtualSystem();
    const sig = system.add(new ContinuousSignal(bus, { name: "bad", hz: 10, fn: (t) => (t > 0.25 ? Number.NaN : 0) }));
    await system.runFor(1.0);
    expect(problems.map((p) => p.message)).toEqual(["bad stopped after an error: fn(0.300) returned NaN, not a finite number"]);
    expect(sig.isRunning).toBe(false);
  });
});

describe("Integrator", () => {
  it("integrates value × seconds with exponential leak, and fires at the threshold", async () => {
    const { system, bus } = virtualSystem();
    system.add(new ContinuousSignal(bus, { name: "one", hz: 100, fn: () => 1 }));
    const integ = system.add(new Integrator(bus, { sourceValueName: "one", leak: 0, threshold: 1.5, triggerName: "fire" }));
    const fires: TriggerEvent[] = [];
    bus.on(TriggerEvent, (t) => fires.push(t));
    await system.runFor(1.0);
    expect(fires).toHaveLength(0);
    expect(integ.level).toBeCloseTo(0.99, 3); // 99 intervals of 10 ms (on whole ticks)
    await system.runFor(3.0);
    // 1.5 s of integration per trigger: fires at 1.5 s and 3.0 s.
    expect(fires.map((f) => system.timeline.tempo.toSeconds(f.tick!))).toEqual([expect.closeTo(1.5, 6), expect.closeTo(3.0, 6)]);
  });

  it("fires at the same rate whatever the signal's sample rate", async () => {
    async function count(hz: number) {
      const { system, bus } = virtualSystem();
      system.add(new ContinuousSignal(bus, { name: "lfo", hz, fn: (t) => Math.sin(2 * Math.PI * 0.43 * t) }));
      system.add(new Integrator(bus, { sourceValueName: "lfo", leak: 0.06, threshold: 0.85 }));
      let n = 0;
      bus.on(TriggerEvent, () => n++);
      await system.runFor(60);
      return n;
    }
    const [slow, fast] = [await count(20), await count(200)];
    expect(slow).toBeGreaterThan(10);
    expect(Math.abs(slow - fast)).toBeLessThanOrEqual(1);
  });

  it("leaks toward zero: a short burst never reaches the threshold", async () => {
    const { system, bus } = virtualSystem();
    system.add(new ContinuousSignal(bus, { name: "burst", hz: 50, fn: (t) => (t < 0.5 ? 1 : 0) }));
    const integ = system.add(new Integrator(bus, { sourceValueName: "burst", leak: 2, threshold: 1 }));
    await system.runFor(3.0);
    expect(integ.level).toBeGreaterThan(0);
    expect(integ.level).toBeLessThan(0.5 * Math.exp(-2 * 2.4));
  });

  it("in signed mode integrates the raw value and fires at −threshold too", async () => {
    const { system, bus } = virtualSystem();
    system.add(new ContinuousSignal(bus, { name: "neg", hz: 100, fn: () => -1 }));
    system.add(new Integrator(bus, { sourceValueName: "neg", leak: 0, threshold: 1, signed: true, triggerName: "down" }));
    const fires: TriggerEvent[] = [];
    bus.on(TriggerEvent, (t) => fires.push(t));
    await system.runFor(2.5);
    expect(fires).toHaveLength(2);
    expect(fires[0]!.value).toBeCloseTo(-1, 6);
  });

  it("lets triggerProbability thin the firings", async () => {
    const { system, bus } = virtualSystem({ seed: 3 });
    system.add(new ContinuousSignal(bus, { name: "one", hz: 100, fn: () => 1 }));
    system.add(new Integrator(bus, { sourceValueName: "one", leak: 0, threshold: 0.1, triggerProbability: 0.6 }));
    let n = 0;
    bus.on(TriggerEvent, () => n++);
    await system.runFor(100);
    expect(n).toBeGreaterThan(0.5 * 1000);
    expect(n).toBeLessThan(0.7 * 1000);
  });
});
