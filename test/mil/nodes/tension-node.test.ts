import { describe, expect, it } from "vitest";
import { Integrator, ParamChangeEvent, PPQ, TriggerEvent, ValueEvent } from "../../../src/index.ts";
import { TensionNode, type TensionNodeOptions } from "../../../src/mil/nodes/tension-node.ts";
import { virtualSystem } from "../../helpers.ts";

/** A tension node sampled per beat for `bars` bars of its metre, with an integrator on it. */
async function run(options: TensionNodeOptions, bars: number, threshold = 1) {
  const s = virtualSystem();
  const node = s.system.add(new TensionNode(s.bus, { name: "tension", ...options }));
  s.system.add(new Integrator(s.bus, { name: "fire", sourceValueName: "tension", threshold, leak: 0, triggerName: "go" }));
  const values: ValueEvent[] = [];
  const triggers: TriggerEvent[] = [];
  s.bus.on(ValueEvent, (v) => values.push(v), { where: (v) => v.name === "tension" });
  s.bus.on(TriggerEvent, (t) => triggers.push(t), { where: (t) => t.name === "go" });
  await s.system.runUntilTick(bars * node.barBeats * PPQ);
  return { ...s, node, values, triggers };
}

const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

describe("TensionNode", () => {
  it("publishes a value in [0, 1] every beat, named after the node", async () => {
    const { values, node, problems } = await run({ archetype: "Waltz", seed: 1 }, 16);
    expect(problems).toEqual([]);
    expect(node.barBeats).toBe(3);
    expect(values.map((v) => v.tick)).toEqual(Array.from({ length: 48 }, (_, i) => i * PPQ));
    for (const v of values) {
      expect(v.value).toBeGreaterThanOrEqual(0);
      expect(v.value).toBeLessThanOrEqual(1);
      expect(v.source).toBe("tension");
    }
    expect(new Set(values.map((v) => v.value.toFixed(3))).size).toBeGreaterThan(10);
    expect(node.value).toBe(values.at(-1)!.value);
  });

  it("follows the phrase: it rises toward the cadence bar, and a half cadence is left tenser than an authentic one", async () => {
    const firstBar: number[] = [];
    const preCadence: number[] = [];
    const endHalf: number[] = [];
    const endAuthentic: number[] = [];
    for (const archetype of ["Nocturne", "Waltz", "Sonata", "Toccata", "Lullaby"]) {
      for (const seed of [1, 2]) {
        const s = virtualSystem();
        const node = s.system.add(new TensionNode(s.bus, { name: "tension", archetype, seed }));
        const B = node.barBeats;
        const inBar: Record<number, number[]> = { 0: [], 2: [] };
        s.bus.on(ValueEvent, (v) => {
          // the value at beat b hears the bar before b: credit it to the beat just heard
          const beat = v.tick! / PPQ - 1;
          if (beat < 0) return;
          const phrase = node.phraseAt(beat)!;
          if (phrase.bars !== 4) return;
          const bar = Math.floor(beat / B) - phrase.startBar;
          inBar[bar]?.push(v.value);
          if (bar === 3 && beat % B === B - 1) (phrase.cadence === "half" ? endHalf : endAuthentic).push(v.value);
        });
        await s.system.runUntilTick(48 * B * PPQ);
        const rise = mean(inBar[2]!) - mean(inBar[0]!);
        expect(rise, `${archetype} seed ${seed}`).toBeGreaterThan(0.02);
        firstBar.push(...inBar[0]!);
        preCadence.push(...inBar[2]!);
      }
    }
    expect(mean(preCadence) - mean(firstBar)).toBeGreaterThan(0.05);
    expect(mean(endHalf) - mean(endAuthentic)).toBeGreaterThan(0.02);
  });

  it("an Integrator turns it into triggers, more of them for a tenser character", async () => {
    const calm = await run({ archetype: "Lullaby", seed: 1 }, 32, 0.5);
    const wild = await run({ archetype: "Toccata", seed: 1 }, 32, 0.5);
    expect(calm.triggers.length).toBeGreaterThan(5);
    expect(wild.triggers.length).toBeGreaterThan(calm.triggers.length * 1.2);
    // the triggers follow the integral: ∫T dt over the run / threshold, give or take one
    const integral = (r: typeof calm) => r.values.slice(1).reduce((s, v) => s + v.value * 0.5, 0);
    expect(Math.abs(calm.triggers.length - integral(calm) / 0.5)).toBeLessThanOrEqual(1);
  });

  it("samples at hz when given; steering the archetype moves the music it hears", async () => {
    const s = virtualSystem();
    const node = s.system.add(new TensionNode(s.bus, { name: "t", archetype: "Lullaby", hz: 4, seed: 5 }));
    const values: ValueEvent[] = [];
    s.bus.on(ValueEvent, (v) => values.push(v));
    await s.system.runUntilTick(8 * PPQ); // 4 s at 120 bpm
    expect(values.map((v) => v.tick)).toEqual(Array.from({ length: 16 }, (_, i) => i * 480));
    s.bus.emit(new ParamChangeEvent({ target: "t", param: "archetype", value: "toccata" }));
    expect(node.archetype).toBe("Toccata");
    s.bus.emit(new ParamChangeEvent({ target: "t", param: "energy", value: 1 }));
    expect(node.character.energy).toBe(1);
    expect(node.archetype).toBe("Custom");
  });

  it("every changes the sampling grid live, from the next grid line", async () => {
    const s = virtualSystem();
    s.system.add(new TensionNode(s.bus, { name: "t", seed: 2 }));
    const ticks: number[] = [];
    s.bus.on(ValueEvent, (v) => ticks.push(v.tick!));
    s.sched.at(2 * PPQ, () => s.bus.emit(new ParamChangeEvent({ target: "t", param: "every", value: 0.5 })));
    await s.system.runUntilTick(4 * PPQ);
    expect(ticks).toEqual([0, 960, 1920, 2400, 2880, 3360]);
  });

  it("a reload keeps its composer and steers it with the newer settings", () => {
    const s = virtualSystem();
    const old = new TensionNode(s.bus, { name: "t", archetype: "Lullaby", seed: 1 });
    const before = old.tensionAt(8);
    old.adopt(new TensionNode(s.bus, { name: "t", character: [0.95, 0.5, 0.8, 0.1, 0.4], seed: 1 }));
    expect([old.archetype, old.character.energy]).toEqual(["Custom", 0.95]);
    expect(old.tensionAt(8)).toBe(before); // what was composed stays
  });

  it("bad options are errors listing the valid names", () => {
    const s = virtualSystem();
    expect(() => new TensionNode(s.bus, { archetype: "Gigue" })).toThrow(/unknown archetype "Gigue"; valid: Nocturne, .*Toccata/);
    expect(() => new TensionNode(s.bus, { key: "X#" })).toThrow(/tension\.key: unknown key "X#"; valid: C C# D Eb/);
    expect(() => new TensionNode(s.bus, { mode: "dorian" as never })).toThrow(/tension\.mode: unknown mode "dorian"; valid: major, minor/);
  });
});
