import { describe, expect, it } from "vitest";
import { defaultScales, NoteEvent, PPQ } from "../../../src/index.ts";
import { OrnamentNode, type OrnamentNodeOptions } from "../../../src/mil/nodes/ornament-node.ts";
import { virtualSystem } from "../../helpers.ts";
import { play } from "./play.ts";

const C_MAJOR = [0, 2, 4, 5, 7, 9, 11];
const GATES = [0.25, 0.5, 0.75, 1, 1.5, 2];
const SPACING = 2 * PPQ;

/**
 * A melody of `count` notes, one every two beats, pitches walking C major, gates cycling through
 * GATES; returns the ornament node's output grouped by the note it came from.
 */
async function ornament(options: Partial<OrnamentNodeOptions>, count = 240, seed = 1) {
  const s = virtualSystem({ seed });
  const node = s.system.add(new OrnamentNode(s.bus, defaultScales(), { name: "orn", from: "melody", ...options }));
  const input = Array.from({ length: count }, (_, i) => ({
    tick: i * SPACING,
    pitch: 60 + C_MAJOR[(i * 3) % 7]! + 12 * (i % 2),
    gate: GATES[i % GATES.length]!,
  }));
  play(s, "melody", input.map((n) => n.tick), (i) => new NoteEvent({ pitch: input[i]!.pitch, velocity: 0.6, gateBeats: input[i]!.gate }));
  const out: NoteEvent[] = [];
  s.bus.on(NoteEvent, (n) => out.push(n), { from: "orn" });
  await s.system.runUntilTick(count * SPACING + PPQ);
  const groups = input.map(() => [] as NoteEvent[]);
  for (const n of out) groups[Math.floor(n.tick! / SPACING)]!.push(n);
  return { ...s, node, input, out, groups };
}

describe("OrnamentNode", () => {
  it("turns notes into figures inside the note's span, pitches in the scale, ending on the note", async () => {
    const { input, groups, node } = await ornament({ rate: 1 });
    const kinds = new Set<string>();
    input.forEach((n, i) => {
      const g = groups[i]!;
      const end = n.tick + n.gate * PPQ;
      for (const o of g) {
        expect(C_MAJOR).toContain(o.pitch % 12);
        expect(o.tick!).toBeGreaterThanOrEqual(n.tick);
        expect(o.tick! + o.gateBeats * PPQ).toBeLessThanOrEqual(end);
        expect(o.gateBeats).toBeGreaterThan(0);
        if (o.meta.ornament) kinds.add(o.meta.ornament as string);
      }
      // onsets distinct and rising (no cluster), the principal last and lasting to the end
      const ticks = g.map((o) => o.tick!);
      expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(g.at(-1)!.pitch).toBe(n.pitch);
      expect(g.at(-1)!.tick! + g.at(-1)!.gateBeats * PPQ).toBe(end);
      // shorter than a dotted eighth: untouched
      if (n.gate < 0.375) expect(g.map((o) => [o.tick, o.pitch, o.gateBeats])).toEqual([[n.tick, n.pitch, n.gate]]);
      else expect(g.length).toBeGreaterThan(1);
      // neighbours only: every added note within two semitones of the principal
      for (const o of g) expect(Math.abs(o.pitch - n.pitch)).toBeLessThanOrEqual(2);
    });
    expect([...kinds].sort()).toEqual(["grace", "mordent", "trill", "turn"]);
    expect(node.ornamented).toBe(input.filter((n) => n.gate >= 0.375).length);
  });

  it("rate is the share of eligible notes ornamented; rate 0 passes every note through", async () => {
    const some = await ornament({ rate: 0.3 }, 600);
    const eligible = some.input.filter((n) => n.gate >= 0.375).length;
    expect(some.node.ornamented / eligible).toBeGreaterThan(0.22);
    expect(some.node.ornamented / eligible).toBeLessThan(0.38);
    const none = await ornament({ rate: 0 }, 60);
    expect(none.out.map((o) => [o.tick, o.pitch, o.gateBeats])).toEqual(none.input.map((n) => [n.tick, n.pitch, n.gate]));
  });

  it("kinds restricts the figures: mordents only", async () => {
    const { out } = await ornament({ rate: 1, kinds: ["mordent"] }, 60);
    const used = new Set(out.map((o) => o.meta.ornament).filter(Boolean));
    expect([...used]).toEqual(["mordent"]);
  });

  it("keeps auxiliaries in a gapped scale (A minor pentatonic)", async () => {
    const penta = [9, 0, 2, 4, 7];
    const s = virtualSystem();
    s.system.add(new OrnamentNode(s.bus, defaultScales(), { name: "orn", from: "melody", rate: 1, scaleName: "minor_pentatonic", rootMidi: 57 }));
    const pitches = [57, 60, 62, 64, 67, 69, 72];
    play(s, "melody", pitches.map((_, i) => i * SPACING), (i) => new NoteEvent({ pitch: pitches[i]!, velocity: 0.6, gateBeats: 1.5 }));
    const out: NoteEvent[] = [];
    s.bus.on(NoteEvent, (n) => out.push(n), { from: "orn" });
    await s.system.runUntilTick(pitches.length * SPACING);
    expect(out.length).toBeGreaterThan(pitches.length);
    for (const o of out) expect(penta).toContain(o.pitch % 12);
  });

  it("is the same for the same seed, different for another", async () => {
    const view = (r: Awaited<ReturnType<typeof ornament>>) => r.out.map((o) => `${o.tick}:${o.pitch}`);
    const a = view(await ornament({ rate: 0.5 }, 60, 1));
    expect(view(await ornament({ rate: 0.5 }, 60, 1))).toEqual(a);
    expect(view(await ornament({ rate: 0.5 }, 60, 2))).not.toEqual(a);
  });

  it("keyed by each note: a higher rate keeps every figure a lower rate chose; complexity changes which figures, never which notes", async () => {
    const figures = (r: Awaited<ReturnType<typeof ornament>>) =>
      new Map(r.groups.map((g, i) => [i, g.map((o) => `${o.tick}:${o.pitch}:${o.gateBeats}`).join(" ")] as const).filter(([, g]) => g.includes(" ")));
    const low = figures(await ornament({ rate: 0.3 }, 300));
    const high = figures(await ornament({ rate: 0.6 }, 300));
    expect(low.size).toBeGreaterThan(40);
    expect(high.size).toBeGreaterThan(low.size * 1.5);
    for (const [i, figure] of low) expect(high.get(i), `note ${i}`).toBe(figure);
    const plain = await ornament({ rate: 0.5, complexity: 0.1 }, 300);
    const rich = await ornament({ rate: 0.5, complexity: 0.9 }, 300);
    expect([...figures(rich).keys()]).toEqual([...figures(plain).keys()]);
    const kinds = (r: typeof plain) => r.out.map((o) => o.meta.ornament).filter(Boolean).join();
    expect(kinds(rich)).not.toEqual(kinds(plain));
  });

  it("bad options are errors listing the valid values", () => {
    const s = virtualSystem();
    expect(() => new OrnamentNode(s.bus, defaultScales(), { from: "m", kinds: ["turn", "slide"] })).toThrow(
      /ornament\.kinds: unknown ornament "slide"; valid: turn, mordent, trill, grace/,
    );
    expect(() => new OrnamentNode(s.bus, defaultScales(), { from: "m", scaleName: "majr" })).toThrow(/ornament\.scale: unknown scale "majr"; did you mean "major"\?/);
  });
});
