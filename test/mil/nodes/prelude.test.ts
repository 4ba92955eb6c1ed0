import { describe, expect, it } from "vitest";
import { defaultScales, GrooveNode, HarmonyNode, MidiOutSink, OrnamentNode, TensionNode } from "../../../src/index.ts";
import { groove, harmony, ornament, runPatch, tension } from "../../../prelude.ts";
import { withClock } from "../../helpers.ts";

describe("prelude helpers of the MIL nodes", () => {
  it("make the nodes with their options; `every` is beats per harmonic bar", async () => {
    const s = withClock();
    const midi = s.system.add(new MidiOutSink(s.bus));
    const made = await runPatch({ ...s, scales: defaultScales(), midi }, () => {
      harmony("h", { key: "Bb", mode: "minor", archetype: "Elegy", barsPerChord: 2, beatsPerBar: 4 });
      groove("g", { from: "a", template: "tango", amount: 0.5 });
      ornament("o", { from: "a", scale: "dorian", root: 62, kinds: ["trill"] });
      tension("t", { character: { energy: 0.9 }, hz: 10, window: 2 });
    });
    const [h, g, o, t] = made as [HarmonyNode, GrooveNode, OrnamentNode, TensionNode];
    expect([h.name, h.key, h.mode, h.archetype, h.barsPerChord]).toEqual(["h", 10, "minor", "Elegy", 2]);
    expect([g.name, g.template, g.amount]).toEqual(["g", "tango", 0.5]);
    expect([o.name, o.scaleName, o.rootMidi, o.kinds]).toEqual(["o", "dorian", 62, ["trill"]]);
    expect([t.name, t.hz, t.windowBeats, t.character.energy, t.archetype]).toEqual(["t", 10, 2, 0.9, "Custom"]);
  });
});
