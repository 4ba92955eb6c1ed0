import { describe, expect, it } from "vitest";
import { ParamChangeEvent, PPQ, Swing, TriggerEvent } from "../../src/index.ts";
import type { SwingOptions } from "../../src/music/swing.ts";
import { virtualSystem } from "../helpers.ts";

/** Triggers named "in" arrive at `ticks` (each at its own time); returns the re-timed "out" triggers. */
async function swing(options: Partial<SwingOptions>, ticks: number[], seed = 1) {
  const s = virtualSystem({ seed });
  const node = s.system.add(new Swing(s.bus, s.sched, { name: "swing", input: "in", output: "out", ...options }));
  const out: TriggerEvent[] = [];
  s.bus.on(TriggerEvent, (t) => out.push(t), { where: (t) => t.name === "out" });
  ticks.forEach((t, i) => s.sched.at(t, () => s.bus.emit(new TriggerEvent({ name: "in", value: i }))));
  await s.system.runUntilTick(Math.max(...ticks) + 4 * PPQ);
  return { ...s, node, out, at: out.map((t) => t.tick!) };
}

const sixteenths = (n: number) => Array.from({ length: n }, (_, i) => i * 240);

describe("Swing", () => {
  it("delays every second 16th to `amount` of the pair and leaves the on-beats alone", async () => {
    const { at, out } = await swing({ amount: 0.6 }, sixteenths(8));
    // pair = 480 ticks; the off-beat moves from 240 to 0.6 × 480 = 288.
    expect(at).toEqual([0, 288, 480, 768, 960, 1248, 1440, 1728]);
    expect(out.map((t) => t.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out.every((t) => t.source === "swing")).toBe(true);
  });

  it("0.5 is straight, 2/3 triplet swing, 0.75 dotted", async () => {
    expect((await swing({ amount: 0.5 }, sixteenths(4))).at).toEqual([0, 240, 480, 720]);
    expect((await swing({ amount: 2 / 3 }, sixteenths(4))).at).toEqual([0, 320, 480, 800]);
    expect((await swing({ amount: 0.75 }, sixteenths(4))).at).toEqual([0, 360, 480, 840]);
  });

  it("swings 8ths with gridBeats 0.5: only the off-beat 8ths move; 16ths between them do not", async () => {
    const { at, node } = await swing({ amount: 0.75, gridBeats: 0.5 }, [0, 240, 480, 720, 960, 1440]);
    expect(at).toEqual([0, 240, 720, 720, 960, 1680]);
    expect([0, 240, 480, 960, 1440].map((t) => node.swingDelay(t))).toEqual([0, 0, 240, 0, 240]);
  });

  it("re-times only its input trigger; others pass untouched and are not copied", async () => {
    const s = virtualSystem();
    s.system.add(new Swing(s.bus, s.sched, { input: "hat", output: "hat_swung" }));
    const names: string[] = [];
    s.bus.on(TriggerEvent, (t) => names.push(`${t.name}@${t.tick}`));
    s.system.start();
    s.bus.emit(new TriggerEvent({ name: "kick", tick: 240 }));
    s.bus.emit(new TriggerEvent({ name: "hat", tick: 240 }));
    await s.system.runUntilTick(PPQ);
    expect(names).toEqual(["kick@240", "hat@240", "hat_swung@288"]);
  });

  it("adds a random humanising delay in [0, humanizeBeats), the same for the same seed", async () => {
    const ticks = sixteenths(200);
    const a = await swing({ amount: 0.5, humanizeBeats: 0.05 }, ticks, 7);
    const b = await swing({ amount: 0.5, humanizeBeats: 0.05 }, ticks, 7);
    const c = await swing({ amount: 0.5, humanizeBeats: 0.05 }, ticks, 8);
    const delays = a.at.map((t, i) => t - ticks[i]!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(48); // 0.05 beat = 48 ticks
    expect(new Set(delays).size).toBeGreaterThan(20); // really random
    expect(b.at).toEqual(a.at);
    expect(c.at).not.toEqual(a.at);
  });

  it("takes its params live and refuses values out of range", async () => {
    const s = virtualSystem();
    const node = s.system.add(new Swing(s.bus, s.sched, { name: "swing", input: "in", output: "out" }));
    s.system.start();
    s.bus.emit(new ParamChangeEvent({ target: "swing", param: "amount", value: 0.75 }));
    s.bus.emit(new ParamChangeEvent({ target: "swing", param: "amount", value: 0.95 }));
    s.bus.emit(new ParamChangeEvent({ target: "swing", param: "gridBeats", value: 0 }));
    s.bus.emit(new ParamChangeEvent({ target: "swing", param: "output", value: "" }));
    expect(node.amount).toBe(0.75);
    expect(node.swingDelay(240)).toBe(120);
    expect(s.problems.map((p) => p.message)).toEqual([
      "swing.amount: expected a number from 0.5 to 0.9, got 0.95",
      "swing.grid: expected a number from 0.015625 to 4, got 0",
      'swing.output: expected a non-empty string, got ""',
    ]);
    expect(() => new Swing(s.bus, s.sched, { input: "a", output: "b", amount: 0.4 })).toThrow("expected a number from 0.5 to 0.9, got 0.4");
  });
});
