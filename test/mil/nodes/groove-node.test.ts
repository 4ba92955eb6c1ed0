import { describe, expect, it } from "vitest";
import { MidiOutSink, NoteEvent, ParamChangeEvent, PPQ } from "../../../src/index.ts";
import { GrooveNode, type GrooveNodeOptions } from "../../../src/mil/nodes/groove-node.ts";
import { virtualSystem } from "../../helpers.ts";
import { play } from "./play.ts";

/** A "player" publishes a note at each of `ticks`; returns the groove's output, in input order. */
async function groove(options: Partial<GrooveNodeOptions>, ticks: number[]) {
  const s = virtualSystem();
  const node = s.system.add(new GrooveNode(s.bus, { name: "groove", from: "player", template: "swing", ...options }));
  const out: NoteEvent[] = [];
  s.bus.on(NoteEvent, (n) => out.push(n), { from: "groove" });
  play(s, "player", ticks, (i) => new NoteEvent({ pitch: 60 + i, velocity: 0.7, gateBeats: 0.5, channel: 2, meta: { i } }));
  await s.system.runUntilTick(Math.max(...ticks) + 4 * PPQ);
  out.sort((a, b) => (a.meta.i as number) - (b.meta.i as number));
  return { ...s, node, out, shifts: out.map((n, i) => n.tick! - ticks[i]!) };
}

const beats = (...b: number[]) => b.map((x) => Math.round(x * PPQ));

describe("GrooveNode", () => {
  // The table of mil-spec §13, in beats per slot (4 slots of a 4/4 bar = quarters; 3 in 3/4; 8 = eighths).
  const cases: Array<[string, number, number[]]> = [
    ["swing", 4, [0, 0.04, -0.02, 0.04]],
    ["habanera", 4, [0, 0.05, -0.02, 0.03]],
    ["tango", 4, [0, 0.02, -0.04, 0.02]],
    ["viennese-waltz", 3, [0, -0.03, 0.02]],
    ["mazurka", 3, [0, 0.04, -0.02]],
    ["bossa-nova", 4, [0, 0.02, -0.03, 0.02, -0.01, 0.03, -0.02, 0.01]],
  ];
  for (const [template, barBeats, offsets] of cases) {
    it(`${template}: onsets move by exactly the template's offsets (after a constant lag)`, async () => {
      const slot = barBeats / offsets.length >= 0.5 && Number.isInteger((barBeats / offsets.length) * 2) ? barBeats / offsets.length : 1;
      const at = beats(...offsets.map((_, i) => i * slot), ...offsets.map((_, i) => barBeats + i * slot + slot / 2));
      const { shifts, out, node } = await groove({ template, beatsPerBar: barBeats }, at);
      const lag = Math.round(-Math.min(...offsets) * PPQ);
      expect(node.lagBeats).toBeCloseTo(-Math.min(...offsets), 12);
      const want = [...offsets, ...offsets].map((o) => lag + Math.round(o * PPQ));
      expect(shifts).toEqual(want);
      // Pitch, velocity, gate, channel and meta untouched; published by the groove.
      out.forEach((n, i) => expect([n.pitch, n.velocity, n.gateBeats, n.channel, n.source]).toEqual([60 + i, 0.7, 0.5, 2, "groove"]));
    });
  }

  it("amount scales the offsets; 0 is straight", async () => {
    const at = beats(0, 1, 2, 3);
    expect((await groove({ template: "swing", amount: 0.5 }, at)).shifts).toEqual([10, 29, 0, 29]);
    expect((await groove({ template: "swing", amount: 0 }, at)).shifts).toEqual([0, 0, 0, 0]);
  });

  it("takes a template change live", async () => {
    const s = virtualSystem();
    const node = s.system.add(new GrooveNode(s.bus, { name: "groove", from: "player", template: "march" }));
    s.system.start();
    s.bus.emit(new ParamChangeEvent({ target: "groove", param: "template", value: "tango" }));
    expect(node.template).toBe("tango");
    s.bus.emit(new ParamChangeEvent({ target: "groove", param: "template", value: "polka" }));
    expect(node.template).toBe("tango");
    expect(s.problems.at(-1)!.message).toMatch(/unknown groove template "polka"; valid: swing, viennese-waltz, bossa-nova, habanera, tango, mazurka, march, tarantella, nocturne/);
  });

  it("an unknown template is an error listing the twelve", () => {
    const s = virtualSystem();
    expect(() => new GrooveNode(s.bus, { from: "x", template: "reggae" })).toThrow(
      /groove\.template: unknown groove template "reggae"; \(?(did you mean .*)?valid: swing, viennese-waltz, bossa-nova, habanera, tango, mazurka, march, tarantella, nocturne, polonaise, barcarolle, toccata/,
    );
  });

  it("a sink listening to the groove plays each note once, grooved; muting the source mutes what the groove made of it", async () => {
    async function run(mute?: string) {
      const s = virtualSystem();
      s.system.add(new GrooveNode(s.bus, { name: "groove", from: "lead", template: "march" }));
      const sink = s.system.add(new MidiOutSink(s.bus, { from: "groove" }));
      if (mute) sink.mute(mute);
      play(s, "lead", beats(0, 1, 2, 3), () => new NoteEvent({ pitch: 60, velocity: 0.5, gateBeats: 0.25 }));
      await s.system.runUntilTick(8 * PPQ);
      return sink.toSong().tracks[0]!.notes.map((n) => n.tick);
    }
    // march [0, −0.01, +0.01, −0.01] after a lag of 0.01 beat (10 ticks): slot 2 sounds on the grid.
    expect(await run()).toEqual([10, 960, 1940, 2880]);
    expect(await run("lead")).toEqual([]);
    expect(await run("groove")).toEqual([]);
  });

  it("takes over its source: a sink hearing everything plays each note once, grooved; without the groove, the source again", async () => {
    const s = virtualSystem();
    s.system.add(new GrooveNode(s.bus, { name: "groove", from: "lead", template: "march" }));
    const sink = s.system.add(new MidiOutSink(s.bus));
    play(s, "lead", beats(0, 1, 2, 3, 4, 5, 6, 7), () => new NoteEvent({ pitch: 60, velocity: 0.5, gateBeats: 0.25 }));
    await s.system.runUntilTick(4 * PPQ - 100);
    expect(sink.toSong().tracks[0]!.notes.map((n) => n.tick)).toEqual([10, 960, 1940, 2880]);
    s.system.remove("groove");
    await s.system.runUntilTick(8 * PPQ);
    expect(sink.toSong().tracks[0]!.notes.map((n) => n.tick).slice(4)).toEqual([3840, 4800, 5760, 6720]);
  });
});
