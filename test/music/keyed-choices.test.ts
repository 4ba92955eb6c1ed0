/**
 * Every random choice of a music node is keyed by (seed, node, tick, purpose): changing one knob,
 * thinning the input or starting later never moves any other choice. One test per node that
 * draws. Each compares two runs that differ in one thing and checks the choices they share.
 */
import { describe, expect, it } from "vitest";
import {
  Arpeggiator,
  ContinuousSignal,
  defaultScales,
  EuclideanPattern,
  EuclideanRhythmNode,
  Humanize,
  Integrator,
  NoteEvent,
  ProbabilityRouter,
  Swing,
  TriggerEvent,
} from "../../src/index.ts";
import { virtualSystem, withClock } from "../helpers.ts";

const isSubset = (small: readonly number[], big: readonly number[]) => {
  const b = new Set(big);
  return small.every((x) => b.has(x));
};

/** Fire trigger `name` at each of `ticks`. */
function triggersAt(s: ReturnType<typeof virtualSystem>, name: string, ticks: readonly number[]) {
  ticks.forEach((t, i) => s.sched.at(t, () => s.bus.emit(new TriggerEvent({ name, value: i }))));
}

const every = (n: number, step: number) => Array.from({ length: n }, (_, i) => i * step);

describe("keyed choices: a changed knob or a thinned input never moves another choice", () => {
  it("euclid: the hits kept at probability 0.3 are all kept at 0.6, and 0.6 keeps more", async () => {
    async function hits(probability: number) {
      const { system, bus } = withClock({ seed: 5 });
      system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 8, pulses: 8 }), probability }));
      const ticks: number[] = [];
      bus.on(TriggerEvent, (t) => t.source === "euc" && ticks.push(t.tick!));
      await system.runFor(30);
      return ticks;
    }
    const low = await hits(0.3);
    const high = await hits(0.6);
    expect(isSubset(low, high)).toBe(true);
    expect(high.length).toBeGreaterThan(low.length * 1.5);
    // 240 steps: about 72 and 144 kept
    expect(low.length).toBeGreaterThan(40);
  });

  it("euclid: a reload mid-set (a new node of the same name) makes the same choices as no reload", async () => {
    async function hits(reloadAt: number | undefined) {
      const { system, bus } = withClock({ seed: 5 });
      const make = () => new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 8, pulses: 8 }), probability: 0.5 });
      system.add(make());
      const ticks: number[] = [];
      bus.on(TriggerEvent, (t) => t.source === "euc" && ticks.push(t.tick!));
      if (reloadAt === undefined) {
        await system.runFor(20);
      } else {
        await system.runFor(reloadAt);
        system.remove("euc");
        system.add(make());
        await system.runFor(20 - reloadAt);
      }
      return ticks;
    }
    const once = await hits(undefined);
    expect(once.length).toBeGreaterThan(50);
    expect(await hits(10)).toEqual(once);
  });

  it("euclid: on the steps two patterns share, they keep the same hits", async () => {
    async function hits(pulses: number) {
      const { system, bus } = withClock({ seed: 5 });
      system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 8, pulses }), probability: 0.5 }));
      const ticks: number[] = [];
      bus.on(TriggerEvent, (t) => t.source === "euc" && ticks.push(t.tick!));
      await system.runFor(20);
      return ticks;
    }
    const all = await hits(8);
    const half = await hits(4); // x.x.x.x.: every other step of the eight
    expect(half.length).toBeGreaterThan(10);
    expect(half).toEqual(all.filter((t) => (t / 240) % 2 === 0));
  });

  it("arpeggiator: the steps played at probability 0.4 are played at 0.8 too, with the same random notes", async () => {
    async function notes(probability: number) {
      const s = virtualSystem({ seed: 9 });
      s.system.add(new Arpeggiator(s.bus, defaultScales(), { name: "arp", trigger: "go", pattern: "random", probability, octaves: 3 }));
      const played = new Map<number, number>();
      s.bus.on(NoteEvent, (n) => n.source === "arp" && played.set(n.tick!, n.pitch));
      triggersAt(s, "go", every(400, 120));
      await s.system.runUntilTick(400 * 120);
      return played;
    }
    const low = await notes(0.4);
    const high = await notes(0.8);
    expect(low.size).toBeGreaterThan(100);
    expect(high.size).toBeGreaterThan(low.size * 1.5);
    for (const [tick, pitch] of low) expect(high.get(tick)).toBe(pitch);
    // the random pattern really varies
    expect(new Set(low.values()).size).toBeGreaterThan(5);
  });

  // A sequential stream passes this one too (one draw per crossing whatever the probability);
  // it pins the property, the keying is proven by the reload and thinning tests above and below.
  it("integrator: the crossings that fire at probability 0.5 fire at 0.9 too", async () => {
    async function fired(probability: number) {
      const { system, bus } = withClock({ seed: 2 });
      system.add(new ContinuousSignal(bus, { name: "lfo", fn: (t) => Math.sin(2 * Math.PI * 0.5 * t) }));
      system.add(new Integrator(bus, { name: "integ", source: "lfo", threshold: 0.2, leak: 0, probability }));
      const ticks: number[] = [];
      bus.on(TriggerEvent, (t) => t.source === "integ" && ticks.push(t.tick!));
      await system.runFor(60);
      return ticks;
    }
    const low = await fired(0.5);
    const high = await fired(0.9);
    expect(low.length).toBeGreaterThan(50);
    expect(high.length).toBeGreaterThan(low.length * 1.4);
    expect(isSubset(low, high)).toBe(true);
  });

  it("probability router: a trigger's route depends on its tick, not on how many triggers came before", async () => {
    async function routes(ticks: readonly number[]) {
      const s = virtualSystem({ seed: 4 });
      s.system.add(new ProbabilityRouter(s.bus, { name: "router", input: "hit", outputs: { kick: 1, snare: 1, hat: 1 } }));
      const taken = new Map<number, string>();
      s.bus.on(TriggerEvent, (t) => t.source === "router" && taken.set(t.tick!, t.name));
      triggersAt(s, "hit", ticks);
      await s.system.runUntilTick(ticks[ticks.length - 1]! + 1);
      return taken;
    }
    const all = await routes(every(600, 60));
    const thinned = await routes(every(200, 180)); // every third of the same ticks
    expect(thinned.size).toBe(200);
    for (const [tick, name] of thinned) expect(all.get(tick)).toBe(name);
    expect(new Set(thinned.values())).toEqual(new Set(["kick", "snare", "hat"]));
  });

  it("humanize: a changed velocity range leaves every timing alone; a thinned input keeps the rest's timing", async () => {
    async function timing(velocity: number, ticks: readonly number[]) {
      const s = virtualSystem({ seed: 6 });
      s.system.add(new Humanize(s.bus, s.sched, { name: "human", from: "player", timing: 0.05, velocity }));
      s.bus.on(TriggerEvent, () => s.bus.emit(new NoteEvent({ pitch: 60, velocity: 0.5, gateBeats: 0.25, meta: { at: s.bus.now } })), { node: "player" });
      const delays = new Map<number, number>();
      const velocities = new Map<number, number>();
      s.bus.on(NoteEvent, (n) => {
        if (n.source !== "human") return;
        delays.set(n.meta.at as number, n.tick! - (n.meta.at as number));
        velocities.set(n.meta.at as number, n.velocity);
      });
      triggersAt(s, "go", ticks);
      await s.system.runUntilTick(ticks[ticks.length - 1]! + 960);
      return { delays, velocities };
    }
    const narrow = await timing(0.05, every(300, 240));
    const wide = await timing(0.3, every(300, 240));
    expect([...wide.delays]).toEqual([...narrow.delays]);
    expect(new Set(narrow.delays.values()).size).toBeGreaterThan(10);
    const thinned = await timing(0.05, every(100, 720));
    for (const [at, d] of thinned.delays) expect(narrow.delays.get(at)).toBe(d);
    for (const [at, v] of thinned.velocities) expect(narrow.velocities.get(at)).toBe(v);
  });

  it("swing: a trigger's humanized offset depends on its tick, not on the triggers before it", async () => {
    async function offsets(ticks: readonly number[]) {
      const s = virtualSystem({ seed: 8 });
      s.system.add(new Swing(s.bus, s.sched, { name: "swing", input: "in", output: "out", amount: 0.5, grid: 0.25, humanize: 0.05 }));
      const out: number[] = [];
      s.bus.on(TriggerEvent, (t) => t.name === "out" && out.push(t.tick!));
      triggersAt(s, "in", ticks);
      await s.system.runUntilTick(ticks[ticks.length - 1]! + 960);
      return out;
    }
    // amount 0.5 is straight time: each offset is the jitter alone, in [0, 0.05 beat)
    const all = await offsets(every(400, 480));
    const thinned = await offsets(every(100, 1920));
    expect(all).toHaveLength(400);
    const jitter = (out: number[], step: number) => out.map((t, i) => t - i * step);
    const allJitter = jitter(all, 480);
    expect(new Set(allJitter).size).toBeGreaterThan(10);
    expect(jitter(thinned, 1920)).toEqual(allJitter.filter((_, i) => i % 4 === 0));
  });
});
