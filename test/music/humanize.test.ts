import { describe, expect, it } from "vitest";
import { Humanize, MidiOutSink, NoteEvent, ParamChangeEvent, PPQ, TriggerEvent } from "../../src/index.ts";
import type { HumanizeOptions } from "../../src/music/humanize.ts";
import { virtualSystem } from "../helpers.ts";

/**
 * A node "player" plays one note per trigger; the humanizer takes its notes. Returns the
 * humanizer's output next to the input.
 */
async function humanize(options: Partial<HumanizeOptions>, count: number, seed = 1, velocity = 0.5) {
  const s = virtualSystem({ seed });
  const node = s.system.add(new Humanize(s.bus, s.sched, { name: "humanize", from: "player", ...options }));
  s.system.start();
  s.bus.on(TriggerEvent, (t) => s.bus.emit(new NoteEvent({ pitch: 60 + (t.value % 12), velocity, gateBeats: 0.5, channel: 3, meta: { i: t.value } })), {
    node: "player",
  });
  const input: NoteEvent[] = [];
  const output: NoteEvent[] = [];
  s.bus.on(NoteEvent, (n) => (n.source === "player" ? input : output).push(n));
  for (let i = 0; i < count; i++) s.sched.at(i * 240, () => s.bus.emit(new TriggerEvent({ name: "go", value: i })));
  await s.system.runUntilTick(count * 240 + 2 * PPQ);
  return { ...s, node, input, output };
}

describe("Humanize", () => {
  it("delays each note by [0, timingBeats) and varies velocity by at most ±velocity", async () => {
    const { input, output } = await humanize({ timingBeats: 0.02, velocity: 0.08 }, 400);
    expect(output).toHaveLength(400);
    const byIndex = new Map(output.map((n) => [n.meta.i as number, n]));
    const delays: number[] = [];
    const dv: number[] = [];
    for (const n of input) {
      const h = byIndex.get(n.meta.i as number)!;
      delays.push(h.tick! - n.tick!);
      dv.push(h.velocity - n.velocity);
      expect([h.pitch, h.gateBeats, h.channel, h.source]).toEqual([n.pitch, n.gateBeats, n.channel, "humanize"]);
    }
    // 0.02 beat = 19 ticks (rounded): delays 0..18
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBe(18);
    expect(Math.min(...dv)).toBeGreaterThanOrEqual(-0.08);
    expect(Math.max(...dv)).toBeLessThanOrEqual(0.08);
    // Spread over the whole range, both ways.
    expect(Math.min(...dv)).toBeLessThan(-0.07);
    expect(Math.max(...dv)).toBeGreaterThan(0.07);
  });

  it("is the same for the same seed and different for another", async () => {
    const a = await humanize({}, 64, 3);
    const b = await humanize({}, 64, 3);
    const c = await humanize({}, 64, 4);
    const view = (r: typeof a) => r.output.map((n) => [n.tick, n.velocity]);
    expect(view(b)).toEqual(view(a));
    expect(view(c)).not.toEqual(view(a));
  });

  it("keeps velocity inside 0..1 and never turns a soft note into silence", async () => {
    const loud = await humanize({ velocity: 0.5 }, 200, 1, 0.95);
    const soft = await humanize({ velocity: 0.5 }, 200, 1, 0.05);
    const all = [...loud.output, ...soft.output].map((n) => n.velocity);
    expect(Math.max(...all)).toBe(1);
    expect(all.every((v) => v > 0 && v <= 1)).toBe(true);
    // The quietest a MIDI note can be: velocity 1 of 127 (0 would mean "no note" to the sink).
    expect(Math.min(...soft.output.map((n) => n.velocity))).toBe(1 / 127);
  });

  it("a sink behind it plays every note, however soft", async () => {
    const s = virtualSystem({ seed: 2 });
    s.system.add(new Humanize(s.bus, s.sched, { from: "player", velocity: 0.3 }));
    const midi = s.system.add(new MidiOutSink(s.bus, { from: "humanize" }));
    s.system.start();
    s.bus.on(TriggerEvent, () => s.bus.emit(new NoteEvent({ pitch: 60, velocity: 0.02, gateBeats: 0.1 })), { node: "player" });
    for (let i = 0; i < 100; i++) s.bus.emit(new TriggerEvent({ name: "go", tick: i * 240 }));
    await s.system.runUntilTick(100 * 240 + PPQ);
    expect(midi.noteCount).toBe(100);
    expect(s.problems).toEqual([]);
  });

  it("leaves a silent note (velocity 0) silent", async () => {
    const { output } = await humanize({ velocity: 0.5 }, 50, 1, 0);
    expect(output.map((n) => n.velocity)).toEqual(Array(50).fill(0));
  });

  it("with no timing and no velocity range, passes notes through unchanged", async () => {
    const { input, output } = await humanize({ timingBeats: 0, velocity: 0 }, 16);
    expect(output.map((n) => [n.tick, n.pitch, n.velocity])).toEqual(input.map((n) => [n.tick, n.pitch, n.velocity]));
  });

  it("takes only the notes of the nodes in `from`, and a sink listening to it plays only humanized notes", async () => {
    const s = virtualSystem();
    s.system.add(new Humanize(s.bus, s.sched, { from: "player", timingBeats: 0.1 }));
    const midi = s.system.add(new MidiOutSink(s.bus, { from: "humanize" }));
    s.system.start();
    s.bus.on(TriggerEvent, () => s.bus.emit(new NoteEvent({ pitch: 60, velocity: 0.5, gateBeats: 1 })), { node: "player" });
    s.bus.on(TriggerEvent, () => s.bus.emit(new NoteEvent({ pitch: 72, velocity: 0.5, gateBeats: 1 })), { node: "other" });
    s.bus.emit(new TriggerEvent({ name: "go", tick: 0 }));
    await s.system.runUntilTick(PPQ);
    const notes = midi.toSong().tracks[0]!.notes;
    expect(notes.map((n) => n.pitch)).toEqual([60]);
    expect(notes[0]!.tick).toBeGreaterThanOrEqual(0);
    expect(notes[0]!.tick).toBeLessThan(96);
  });

  it("refuses params out of range", () => {
    const s = virtualSystem();
    const node = s.system.add(new Humanize(s.bus, s.sched, { from: "x" }));
    s.system.start();
    s.bus.emit(new ParamChangeEvent({ target: "humanize", param: "timingBeats", value: 2 }));
    s.bus.emit(new ParamChangeEvent({ target: "humanize", param: "velocity", value: 0.2 }));
    expect(s.problems.map((p) => p.message)).toEqual(["humanize.timing: expected a number from 0 to 1, got 2"]);
    expect([node.timingBeats, node.velocity]).toEqual([0.02, 0.2]);
  });
});
