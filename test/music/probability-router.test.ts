import { describe, expect, it } from "vitest";
import { EventBus, ParamChangeEvent, ProbabilityRouter, TriggerEvent } from "../../src/index.ts";
import type { ProbabilityRouterOptions } from "../../src/music/probability-router.ts";
import { virtualSystem } from "../helpers.ts";

function route(options: Partial<ProbabilityRouterOptions> & Pick<ProbabilityRouterOptions, "outputs">, count: number, seed = 1) {
  const s = virtualSystem({ seed });
  const router = s.system.add(new ProbabilityRouter(s.bus, { name: "router", input: "hit", ...options }));
  s.system.start();
  const taken: TriggerEvent[] = [];
  s.bus.on(TriggerEvent, (t) => {
    if (t.source === "router") taken.push(t);
  });
  for (let i = 0; i < count; i++) s.bus.emit(new TriggerEvent({ name: "hit", tick: i * 10, value: i }));
  const counts: Record<string, number> = {};
  for (const t of taken) counts[t.name] = (counts[t.name] ?? 0) + 1;
  return { ...s, router, taken, counts };
}

describe("ProbabilityRouter", () => {
  it("pick() splits [0, 1) by weight, in the order the outputs were given", () => {
    const r = new ProbabilityRouter(new EventBus(), { input: "x", outputs: { a: 1, b: 3 } });
    expect([0, 0.2499, 0.25, 0.5, 0.9999].map((u) => r.pick(u))).toEqual(["a", "a", "b", "b", "b"]);
    const d = new ProbabilityRouter(new EventBus(), { input: "x", outputs: { a: 1, never: 0, b: 1 }, dropWeight: 2 });
    expect([0, 0.24, 0.25, 0.49, 0.5, 0.99].map((u) => d.pick(u))).toEqual(["a", "a", "b", "b", undefined, undefined]);
  });

  it("hands every trigger to exactly one output, in proportion to the weights", () => {
    const { taken, counts } = route({ outputs: { kick: 1, snare: 2, hat: 1 } }, 8000);
    expect(taken).toHaveLength(8000);
    expect(taken.map((t) => t.value)).toEqual(Array.from({ length: 8000 }, (_, i) => i)); // one each, in order
    // Expected 2000 / 4000 / 2000; ±200 is more than 4 standard deviations.
    expect(Math.abs(counts.kick! - 2000)).toBeLessThan(200);
    expect(Math.abs(counts.snare! - 4000)).toBeLessThan(200);
    expect(Math.abs(counts.hat! - 2000)).toBeLessThan(200);
  });

  it("drops `dropWeight` of them, and never picks an output of weight 0", () => {
    const { taken, counts } = route({ outputs: { a: 1, b: 0 }, dropWeight: 3 }, 4000);
    expect(counts.b).toBeUndefined();
    expect(Math.abs(taken.length - 1000)).toBeLessThan(120);
  });

  it("stamps what it passes on with the trigger's tick and value", () => {
    const { taken } = route({ outputs: { a: 1 } }, 3);
    expect(taken.map((t) => [t.name, t.tick, t.value])).toEqual([
      ["a", 0, 0],
      ["a", 10, 1],
      ["a", 20, 2],
    ]);
  });

  it("only takes its input trigger (its own outputs do not feed back)", () => {
    const s = virtualSystem();
    s.system.add(new ProbabilityRouter(s.bus, { name: "router", input: "hit", outputs: { hit2: 1 } }));
    s.system.start();
    const seen: string[] = [];
    s.bus.on(TriggerEvent, (t) => seen.push(t.name));
    s.bus.emit(new TriggerEvent({ name: "other", tick: 0 }));
    s.bus.emit(new TriggerEvent({ name: "hit", tick: 0 }));
    // Delivery is depth-first: the router (subscribed first) answers before later listeners see "hit".
    expect(seen).toEqual(["other", "hit2", "hit"]);
  });

  it("makes the same choices for the same seed, and others for another seed", () => {
    const names = (seed: number) => route({ outputs: { a: 1, b: 1, c: 1 } }, 200, seed).taken.map((t) => t.name);
    expect(names(11)).toEqual(names(11));
    expect(names(11)).not.toEqual(names(12));
  });

  it("changes weights live and refuses invalid ones", () => {
    const s = virtualSystem();
    const router = s.system.add(new ProbabilityRouter(s.bus, { name: "router", input: "hit", outputs: { a: 1 } }));
    s.system.start();
    s.bus.emit(new ParamChangeEvent({ target: "router", param: "outputs", value: { b: 2 } }));
    s.bus.emit(new ParamChangeEvent({ target: "router", param: "outputs", value: { a: -1 } }));
    s.bus.emit(new ParamChangeEvent({ target: "router", param: "outputs", value: { a: 0 } }));
    s.bus.emit(new ParamChangeEvent({ target: "router", param: "outputs", value: [1] }));
    s.bus.emit(new ParamChangeEvent({ target: "router", param: "dropWeight", value: -1 }));
    expect(router.outputs).toEqual({ b: 2 });
    const expected = "an object of output names to non-negative weights, at least one above 0";
    expect(s.problems.map((p) => p.message)).toEqual([
      `router.outputs: expected ${expected}, got {"a":-1}`,
      `router.outputs: expected ${expected}, got {"a":0}`,
      `router.outputs: expected ${expected}, got [1]`,
      "router.drop: expected a number from 0 to 1000000, got -1",
    ]);
    const seen: string[] = [];
    s.bus.on(TriggerEvent, (t) => seen.push(t.name));
    s.bus.emit(new TriggerEvent({ name: "hit", tick: 0 }));
    expect(seen).toEqual(["b", "hit"]);
    expect(() => new ProbabilityRouter(s.bus, { input: "x", outputs: {} })).toThrow(/at least one above 0, got \{\}/);
  });

  it("copies the weights it is given (a later change to the caller's object does nothing)", () => {
    const weights = { a: 1 };
    const r = new ProbabilityRouter(new EventBus(), { input: "x", outputs: weights });
    weights.a = 0;
    expect(r.outputs).toEqual({ a: 1 });
  });
});
