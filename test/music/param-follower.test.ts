import { describe, expect, it } from "vitest";
import { Arpeggiator, ArpConfig, ContinuousSignal, defaultScales, ParamChangeEvent, ParamFollower, TriggerEvent } from "../../src/index.ts";
import { withClock } from "../helpers.ts";

describe("ParamFollower", () => {
  it("maps a signal onto a param, at most once per everyBeats, only on change", async () => {
    const t = withClock({ bpm: 120 });
    const arp = t.system.add(new Arpeggiator(t.bus, defaultScales(), { name: "arp", config: new ArpConfig({ velocity: 0.5 }) }));
    t.system.add(new ContinuousSignal(t.bus, { name: "lfo", hz: 100, fn: (s) => Math.sin(2 * Math.PI * 0.25 * s) }));
    const f = t.system.add(new ParamFollower(t.bus, { source: "lfo", target: "arp.velocity", inputMin: -1, inputMax: 1, min: 0.2, max: 1, everyBeats: 0.5 }));
    const seen: number[] = [];
    t.bus.on(ParamChangeEvent, (ev) => seen.push(ev.value as number), { from: f.name });
    await t.system.runFor(2); // 4 beats: at most 8 changes + the first
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.length).toBeLessThanOrEqual(9);
    for (const v of seen) {
      expect(v).toBeGreaterThanOrEqual(0.2);
      expect(v).toBeLessThanOrEqual(1);
    }
    // 1 s in, the LFO is at its peak: the velocity followed it up
    expect(Math.max(...seen)).toBeGreaterThan(0.95);
    expect(arp.getParam("velocity")).toBeCloseTo(seen.at(-1)!, 9);
  });

  it("steps through values on each trigger, e.g. an integrator changing scales", async () => {
    const t = withClock({ bpm: 120 });
    const arp = t.system.add(new Arpeggiator(t.bus, defaultScales(), { name: "arp" }));
    t.system.add(new ParamFollower(t.bus, { name: "flip", trigger: "flip", target: "arp.scale", values: ["dorian", "lydian"] }));
    t.system.start();
    t.bus.emit(new TriggerEvent({ name: "flip" }));
    expect(arp.getParam("scale")).toBe("dorian");
    t.bus.emit(new TriggerEvent({ name: "flip" }));
    expect(arp.getParam("scale")).toBe("lydian");
    t.bus.emit(new TriggerEvent({ name: "flip" }));
    expect(arp.getParam("scale")).toBe("dorian");
  });

  it("refuses a malformed target or a missing source with a clear message", () => {
    const t = withClock();
    expect(() => new ParamFollower(t.bus, { source: "x", target: "arpvelocity" })).toThrow(/"node\.param"/);
    expect(() => new ParamFollower(t.bus, { target: "arp.velocity" })).toThrow(/either source .* or trigger/);
    expect(() => new ParamFollower(t.bus, { trigger: "t", target: "arp.scale" })).toThrow(/values/);
  });
});
