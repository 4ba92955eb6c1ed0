import { describe, expect, it } from "vitest";
import { defaultScales, NoteEvent, ParamChangeEvent, PPQ, Quantizer, TriggerEvent } from "../../src/index.ts";
import type { QuantizerOptions } from "../../src/music/quantizer.ts";
import { virtualSystem } from "../helpers.ts";

function setup(options: Partial<QuantizerOptions> = {}) {
  const s = virtualSystem();
  const q = s.system.add(new Quantizer(s.bus, defaultScales(), s.sched, { name: "quantizer", from: "player", ...options }));
  s.system.start();
  const out: NoteEvent[] = [];
  s.bus.on(NoteEvent, (n) => {
    if (n.source === "quantizer") out.push(n);
  });
  // The node "player" plays the pitch carried by each trigger's value at the trigger's tick.
  s.bus.on(TriggerEvent, (t) => s.bus.emit(new NoteEvent({ pitch: t.value, velocity: 0.7, gateBeats: 0.5, channel: 4, meta: { tag: t.name } })), {
    node: "player",
  });
  const play = (pitch: number, tick: number) => s.bus.emit(new TriggerEvent({ name: `n${pitch}`, value: pitch, tick }));
  return { ...s, q, out, play };
}

describe("Quantizer", () => {
  it("snaps pitches to the nearest tone of the scale, ties going down", () => {
    const { q } = setup({ scaleName: "major", rootMidi: 60 });
    const chromatic = Array.from({ length: 13 }, (_, i) => 60 + i);
    expect(chromatic.map((p) => q.snapPitch(p))).toEqual([60, 60, 62, 62, 64, 65, 65, 67, 67, 69, 69, 71, 72]);
    // Any octave, above and below the root.
    expect([49, 37, 85, 97].map((p) => q.snapPitch(p))).toEqual([48, 36, 84, 96]);
    // Every snapped pitch is in the scale.
    const major = defaultScales().get("major");
    for (let p = 0; p < 128; p++) expect(major.contains(q.snapPitch(p) - 60)).toBe(true);
  });

  it("snaps to a gapped scale: A minor pentatonic", () => {
    const { q } = setup({ scaleName: "minor_pentatonic", rootMidi: 57 });
    // A C D E G: Bb → A, B → C, C# → C (tie), D# → D (tie), F → E, F# → G
    expect([58, 59, 61, 63, 65, 66, 69].map((p) => q.snapPitch(p))).toEqual([57, 60, 60, 62, 64, 67, 69]);
  });

  it("re-publishes the notes of `from` with the snapped pitch, everything else kept, at the same tick", () => {
    const { play, out, bus } = setup({ scaleName: "major", rootMidi: 60 });
    bus.on(TriggerEvent, () => bus.emit(new NoteEvent({ pitch: 61, velocity: 1, gateBeats: 1 })), { node: "stranger" });
    play(61, 100);
    play(66, 250);
    expect(out.map((n) => [n.tick, n.pitch, n.velocity, n.gateBeats, n.channel, n.meta.tag])).toEqual([
      [100, 60, 0.7, 0.5, 4, "n61"],
      [250, 65, 0.7, 0.5, 4, "n66"],
    ]);
  });

  it("with gridBeats, moves each onset to the next grid line (one already on the grid stays)", async () => {
    const { system, sched, play, out } = setup({ gridBeats: 0.5 });
    for (const t of [0, 100, 480, 481, 959]) sched.at(t, () => play(60, t));
    await system.runUntilTick(2 * PPQ);
    expect(out.map((n) => n.tick)).toEqual([0, 480, 480, 960, 960]);
    expect(setup({ gridBeats: 1 / 3 }).q.snapTick(1)).toBe(320);
  });

  it("changes scale, root and grid live; refuses an unknown scale with the valid ones", () => {
    const { bus, q, problems } = setup();
    bus.emit(new ParamChangeEvent({ target: "quantizer", param: "scale", value: "minor" }));
    bus.emit(new ParamChangeEvent({ target: "quantizer", param: "root", value: 57 }));
    expect(q.snapPitch(61)).toBe(60); // A minor: C# → C (tie)
    expect(q.snapPitch(68)).toBe(67); // G# → G (tie)
    bus.emit(new ParamChangeEvent({ target: "quantizer", param: "scale", value: "minr" }));
    bus.emit(new ParamChangeEvent({ target: "quantizer", param: "root", value: 128 }));
    bus.emit(new ParamChangeEvent({ target: "quantizer", param: "gridBeats", value: -1 }));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^quantizer\.scale: unknown scale "minr"; did you mean "minor"/),
      "quantizer.root: expected an integer from 0 to 127, got 128",
      "quantizer.grid: expected a number from 0 to 16, got -1",
    ]);
    expect(q.params()).toEqual({ scale: "minor", root: 57, grid: 0 });
  });
});
