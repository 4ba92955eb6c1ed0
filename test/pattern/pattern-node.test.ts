/**
 * The pattern node on the virtual clock: exact ticks (cycle 100 000 too), what values play,
 * knobs given as patterns, a new pattern at the next cycle, a bad one refused with the old one
 * playing on, and keyed choices that nothing else moves.
 */
import { describe, expect, it } from "vitest";
import { defaultScales, NoteEvent, ParamChangeEvent, ParamError, PatternNode, PPQ, type PatternNodeOptions } from "../../src/index.ts";
import { frac } from "../../src/pattern/fraction.ts";
import { tickOf } from "../../src/pattern/ticks.ts";
import { virtualSystem } from "../helpers.ts";
import { CYCLE, heard, play } from "./play-nodes.ts";
import { listEvents } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import { queryContext } from "../../src/pattern/pattern.ts";
import { fromBuffer, toBuffer } from "osc-min";
import { dirtPlay } from "../../src/output/osc/address-map.ts";

/** "7/6" → the fraction. */
const fracOf = (s: string) => {
  const [n, d] = s.split("/").map(Number);
  return frac(n!, d ?? 1);
};

const ticksOf = (notes: readonly NoteEvent[], source?: string) => notes.filter((n) => !source || n.source === source).map((n) => n.tick!);

describe("pattern node: time", () => {
  it("plays each onset at its exact tick: bd*4, ~ sd, hh*8 on General MIDI drums, channel 10", async () => {
    const t = await play({ drums: { pattern: "bd*4, ~ sd, hh*8" } });
    await t.until(CYCLE);
    expect(heard(t.notes)).toEqual([
      [0, 36, 9], [0, 42, 9], [480, 42, 9], [960, 36, 9], [960, 42, 9], [1440, 42, 9],
      [1920, 36, 9], [1920, 38, 9], [1920, 42, 9], [2400, 42, 9], [2880, 36, 9], [2880, 42, 9], [3360, 42, 9],
    ]);
  });

  it("rounds onsets that fall between ticks to the nearest, from the fraction: sevenths and elevenths", async () => {
    const t = await play({ p: { pattern: "bd*7, hh(5,11)" } });
    await t.until(CYCLE);
    const sevenths = Array.from({ length: 7 }, (_, k) => tickOf(frac(k, 7)));
    expect(sevenths).toEqual([0, 549, 1097, 1646, 2194, 2743, 3291]);
    expect(ticksOf(t.notes.filter((n) => n.pitch === 36))).toEqual(sevenths);
    expect(ticksOf(t.notes.filter((n) => n.pitch === 42))).toEqual([0, 2, 4, 6, 8].map((k) => tickOf(frac(k, 11))));
  });

  it("lands at cycle 100 000 exactly where cycle 0 lands, 100 000 cycles on: no error adds up", async () => {
    const cycle0 = await play({ p: { pattern: "bd*7, [hh hh hh]*3, sd(5,13,2)" } });
    await cycle0.until(CYCLE);
    const far = 100_000 * CYCLE;
    const later = await play({ p: { pattern: "bd*7, [hh hh hh]*3, sd(5,13,2)" } }, { startTick: far });
    await later.until(far + CYCLE);
    expect(later.notes.length).toBe(cycle0.notes.length);
    expect(later.notes.map((n) => [n.tick! - far, n.pitch, n.gateBeats])).toEqual(cycle0.notes.map((n) => [n.tick, n.pitch, n.gateBeats]));
    // A ninth of a cycle is 426.67 ticks → 427, a seventh 548.57 → 549: from the fraction, not a drifted sum.
    expect(ticksOf(later.notes)).toContain(far + 427);
    expect(ticksOf(later.notes)).toContain(far + 549);
  });

  it("gives each note its event's length × gate: an elongated step, a held cycle, a short gate", async () => {
    const t = await play({ p: { pattern: "c4@3 e4", gate: 1 }, q: { pattern: "g4/2", gate: 1 }, r: { pattern: "a4*4", gate: 0.5 } });
    await t.until(2 * CYCLE);
    const lengths = (name: string) => t.notes.filter((n) => n.source === name).map((n) => n.gateBeats);
    expect(lengths("p")).toEqual([3, 1, 3, 1]); // beats: c4 for three quarters of the bar
    expect(lengths("q")).toEqual([8]); // one note over two bars
    expect(lengths("r")).toEqual(Array(8).fill(0.5));
  });

  it("starting mid-cycle plays the rest of that cycle only, in place", async () => {
    const t = await play({ p: { pattern: "c4*4" } }, { startTick: CYCLE + 1000 });
    await t.until(3 * CYCLE);
    expect(ticksOf(t.notes)).toEqual([1920, 2880, 3840, 4800, 5760, 6720, 7680, 8640, 9600, 10560].filter((x) => x >= 1000).map((x) => x + CYCLE).filter((x) => x < 3 * CYCLE));
  });

  it("stops cleanly: a removed node plays nothing more", async () => {
    const t = await play({ p: { pattern: "c4*4" } });
    await t.until(CYCLE + 100);
    t.system.remove("p");
    await t.until(3 * CYCLE);
    expect(ticksOf(t.notes)).toEqual([0, 960, 1920, 2880, 3840]);
  });
});

describe("pattern node: values", () => {
  it("reads drum names as drums on channel 10, note names as notes, numbers as degrees, in one pattern", async () => {
    const t = await play({ p: { pattern: "bd c4 eb3 2 -1 cb", scale: "dorian", root: 50 } });
    await t.until(CYCLE);
    // D dorian from 50: degree 2 = F (53), degree -1 = C (48); cb is a cowbell, not C-flat.
    expect(t.notes.map((n) => [n.pitch, n.channel])).toEqual([[36, 9], [60, 0], [51, 0], [53, 0], [48, 0], [56, 9]]);
  });

  it("as: notes reads numbers as MIDI notes and cb as C-flat; drums puts numbers on channel 10; degrees only numbers", async () => {
    const t = await play({ n: { pattern: "60 cb", as: "notes" }, d: { pattern: "36 sd", as: "drums" }, g: { pattern: "0 7", as: "degrees", root: 48 } });
    await t.until(CYCLE);
    const of = (name: string) => t.notes.filter((n) => n.source === name).map((n) => [n.pitch, n.channel]);
    expect(of("n")).toEqual([[60, 0], [59, 0]]);
    expect(of("d")).toEqual([[36, 9], [38, 9]]);
    expect(of("g")).toEqual([[48, 0], [60, 0]]);
  });

  it("a drum word carries its sample for SuperDirt: a bank it knows as typed, an index always; MIDI plays the pitch", async () => {
    const t = await play({ p: { pattern: "sn:2 bd kick:3 snare oh c4" } });
    await t.until(CYCLE);
    expect(t.notes.map((n) => [n.pitch, n.meta.s, n.meta.n])).toEqual([
      [38, "sn", 2],
      [36, "bd", undefined],
      [36, undefined, 3], // SuperDirt has no "kick": the note goes as its drum's name, bd, with n 3
      [38, undefined, undefined],
      [46, undefined, undefined],
      [60, undefined, undefined], // a note name is not a sample
    ]);
    // what SuperDirt receives: the s and n of each /dirt/play, decoded as a receiver does
    const sent = t.notes.map((n) => {
      const m = fromBuffer(toBuffer(dirtPlay({ ...n, durationS: 0.1, cycle: 0, beat: 0, bpm: 120, cps: 0.5 })));
      if (m.oscType !== "message") throw new Error("not a message");
      const v = m.args.map((a) => ("value" in a ? a.value : undefined));
      return [v[0], v[1], v[2], v[3]];
    });
    expect(sent).toEqual([
      ["s", "sn", "n", 2],
      ["s", "bd", "n", 0],
      ["s", "bd", "n", 3],
      ["s", "sd", "n", 0],
      ["s", "oh", "n", 0],
      ["s", "superpiano", "n", 0],
    ]);
  });

  it("an explicit channel puts drums and notes there", async () => {
    const t = await play({ p: { pattern: "bd c4", channel: 3 } });
    await t.until(CYCLE);
    expect(t.notes.map((n) => n.channel)).toEqual([3, 3]);
  });

  it("refuses what it cannot play, with the column: a typo, a word among degrees, a note past 127", () => {
    const s = virtualSystem();
    const make = (o: PatternNodeOptions) => () => new PatternNode(s.bus, defaultScales(), { name: "p", ...o });
    expect(make({ pattern: "bd sdd hh" })).toThrow(/^p\.pattern: column 4: "sdd" is not a drum name or a note name; did you mean "sd"/);
    expect(make({ pattern: "0 2 c4", as: "degrees" })).toThrow(/^p\.pattern: column 5: "c4" is not a scale degree/);
    expect(make({ pattern: "60 200", as: "notes" })).toThrow(/^p\.pattern: column 4: 200 is not a MIDI note/);
    expect(make({ pattern: "0 1.5" })).toThrow(/column 3: 1\.5 is not a scale degree/);
    expect(make({})).toThrow(/which pattern\?/);
    expect(make({ pattern: "" })).toThrow(/expected a pattern in mini-notation/);
  });

  it("a degree that leaves MIDI's range is left out and reported, once per power of ten", async () => {
    const t = await play({ p: { pattern: "0 100", root: 100 } });
    await t.until(2 * CYCLE);
    expect(t.notes.map((n) => n.pitch)).toEqual([100, 100]);
    expect(t.problems.map((p) => p.message)).toEqual(["p: 100 falls outside MIDI 0–127 (root 100); left out"]);
  });
});

describe("pattern node: knobs as patterns", () => {
  it("velocity, gate, channel, root and scale each take mini-notation, read at each note's onset", async () => {
    const t = await play({
      v: { pattern: "c4*2", velocity: "<0.9 0.5>" },
      g: { pattern: "c4*4", gate: "1 0.5" },
      c: { pattern: "c4*2", channel: "0 1" },
      r: { pattern: "0", root: "<c3 g3>" },
      s: { pattern: "2", scale: "<major minor>" },
    });
    await t.until(2 * CYCLE);
    const of = (name: string, f: (n: NoteEvent) => number) => t.notes.filter((n) => n.source === name).map(f);
    expect(of("v", (n) => n.velocity)).toEqual([0.9, 0.9, 0.5, 0.5]);
    expect(of("g", (n) => n.gateBeats)).toEqual([1, 1, 0.5, 0.5, 1, 1, 0.5, 0.5]);
    expect(of("c", (n) => n.channel)).toEqual([0, 1, 0, 1]);
    expect(of("r", (n) => n.pitch)).toEqual([48, 55]);
    expect(of("s", (n) => n.pitch)).toEqual([64, 63]);
  });

  it("a rest in a knob's pattern leaves the note there out (Tidal's structure from the left)", async () => {
    const t = await play({ p: { pattern: "c4*4", velocity: "1 ~" } });
    await t.until(CYCLE);
    expect(ticksOf(t.notes)).toEqual([0, 960]);
  });

  it("reads back what was written, and refuses a bad value in a knob's pattern with its column", async () => {
    const t = await play({ p: { pattern: "c4*2", velocity: "<0.9 0.5>" } });
    const p = t.nodes.p!;
    expect(p.params()).toEqual({ pattern: "c4*2", as: "auto", scale: "major", root: 60, channel: "auto", velocity: "<0.9 0.5>", gate: 0.9 });
    expect(() => p.setParam("velocity", "<0.9 1.5>")).toThrow(/^p\.velocity: column 6: 1\.5 is not a number from 0 to 1\n  <0\.9 1\.5>\n       \^$/);
    expect(() => p.setParam("scale", "<dorian dorain>")).toThrow(/column 9: "dorain" is not a scale name/);
    expect(() => p.setParam("channel", 16)).toThrow(/p\.channel: expected .*16 is not an integer from 0 to 15/);
    expect(p.getParam("velocity")).toBe("<0.9 0.5>");
    p.setParam("velocity", 0.3); // the other knobs act from the next note
    await t.until(CYCLE);
    expect(t.notes.map((n) => n.velocity)).toEqual([0.3, 0.3]);
  });
});

describe("pattern node: live changes", () => {
  it("a new pattern comes in at the next cycle boundary, never mid-cycle; the param reads it back at once", async () => {
    const t = await play({ p: { pattern: "c4*4" } });
    await t.until(CYCLE + 1500); // halfway into cycle 1
    t.nodes.p!.setParam("pattern", "e4*2");
    expect(t.nodes.p!.getParam("pattern")).toBe("e4*2");
    expect(t.nodes.p!.source).toEqual({ playing: "c4*4", waiting: "e4*2" });
    await t.until(3 * CYCLE);
    expect(t.notes.map((n) => [n.tick, n.pitch])).toEqual([
      [0, 60], [960, 60], [1920, 60], [2880, 60],
      [3840, 60], [4800, 60], [5760, 60], [6720, 60], // cycle 1 plays out as it was
      [7680, 64], [9600, 64],
      [11520, 64], [13440, 64],
    ].filter(([tick]) => tick! < 3 * CYCLE));
  });

  it("a change at the boundary tick itself (a cue before that tick's music) plays from that cycle", async () => {
    const t = await play({ p: { pattern: "c4*4" } });
    t.bus.timeline.at(CYCLE, () => t.bus.emit(new ParamChangeEvent({ target: "p", param: "pattern", value: "e4" })), -1);
    await t.until(2 * CYCLE);
    expect(t.notes.map((n) => [n.tick, n.pitch])).toEqual([[0, 60], [960, 60], [1920, 60], [2880, 60], [3840, 64]]);
  });

  it("a bad string is refused with its column, and the old pattern plays on", async () => {
    const t = await play({ p: { pattern: "c4*4" } });
    await t.until(CYCLE / 2);
    expect(() => t.nodes.p!.setParam("pattern", "e4*2 [g4")).toThrow(ParamError);
    expect(() => t.nodes.p!.setParam("pattern", "e4*2 [g4")).toThrow(/^p\.pattern: column 9: expected "\]" to close the "\[" at column 6, found end of pattern\n  e4\*2 \[g4\n          \^$/);
    // Through the bus (a ParamChangeEvent, as a controller or the seed API sends it): reported, nothing lost.
    t.bus.emit(new ParamChangeEvent({ target: "p", param: "pattern", value: "e4 sd2d" }));
    await t.until(2 * CYCLE);
    expect(t.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^p\.pattern: column 4: "sd2d" is not a drum name/)]);
    expect(t.nodes.p!.getParam("pattern")).toBe("c4*4");
    expect(t.notes.map((n) => n.pitch)).toEqual(Array(8).fill(60));
  });

  it("a new reading must play the pattern: `as` = degrees is refused for drum names, naming the first", async () => {
    const t = await play({ p: { pattern: "bd 2" } });
    expect(() => t.nodes.p!.setParam("as", "degrees")).toThrow(/^p\.as: column 1: "bd" is not a scale degree/);
    expect(() => t.nodes.p!.setParam("as", "drum")).toThrow(/p\.as: unknown reading "drum"; did you mean "drums"/);
    t.nodes.p!.setParam("as", "drums"); // bd is a drum, 2 a MIDI note on channel 10: from the next cycle, with the pattern
    expect(t.nodes.p!.getParam("as")).toBe("drums");
    await t.until(2 * CYCLE);
    expect(t.notes.map((n) => [n.pitch, n.channel])).toEqual([[36, 9], [64, 0], [36, 9], [2, 9]]);
  });

  it("a reload that changes the pattern and its reading together takes both (each alone would be refused)", async () => {
    const t = await play({ p: { pattern: "bd sd" } });
    await t.until(CYCLE / 2);
    const newer = new PatternNode(t.bus, defaultScales(), { name: "p", pattern: "0 2", as: "degrees", root: 48 });
    expect(() => t.nodes.p!.setParam("as", "degrees")).toThrow(/"bd" is not a scale degree/);
    t.nodes.p!.adopt(newer, ["pattern", "as", "root"]);
    expect(t.nodes.p!.params()).toMatchObject({ pattern: "0 2", as: "degrees", root: 48 });
    await t.until(2 * CYCLE);
    expect(t.notes.map((n) => [n.tick, n.pitch])).toEqual([[0, 36], [1920, 38], [3840, 48], [5760, 52]]);
    // And back: drum names under "auto", adopted while degrees still wait to be read.
    t.nodes.p!.adopt(new PatternNode(t.bus, defaultScales(), { name: "p", pattern: "cp" }), ["pattern", "as"]);
    await t.until(3 * CYCLE);
    expect(t.notes.at(-1)!.pitch).toBe(39);
  });
});

describe("pattern node: keyed randomness", () => {
  const kept = async (pattern: string, seed = 1, extra: Record<string, PatternNodeOptions> = {}) => {
    const t = await play({ p: { pattern }, ...extra }, { seed });
    await t.until(16 * CYCLE);
    const by = (pitch: number) => t.notes.filter((n) => n.source === "p" && n.pitch === pitch).map((n) => n.tick!);
    return { bd: by(36), hh: by(42), all: t.notes };
  };

  it("a changed probability in one layer moves no choice in another; raising it keeps a subset", async () => {
    const low = await kept("bd*8?, hh*16?0.3");
    const high = await kept("bd*8?, hh*16?0.7");
    expect(high.bd).toEqual(low.bd);
    expect(low.bd.length).toBeGreaterThan(30);
    expect(low.bd.length).toBeLessThan(98); // about half of 128 are kept
    expect(high.hh.length).toBeLessThan(low.hh.length);
    expect(high.hh.every((tick) => low.hh.includes(tick))).toBe(true);
  });

  it("another node's pattern or knobs change nothing here; the seed and the node's name do", async () => {
    const alone = await kept("bd*8?, hh*16?");
    const withOther = await kept("bd*8?, hh*16?", 1, { other: { pattern: "sd*16? cp|rim", velocity: "0.5?" } });
    expect(withOther.bd).toEqual(alone.bd);
    expect(withOther.hh).toEqual(alone.hh);
    const otherSeed = await kept("bd*8?, hh*16?", 2);
    expect(otherSeed.bd).not.toEqual(alone.bd);
    const renamed = await play({ q: { pattern: "bd*8?, hh*16?" } });
    await renamed.until(16 * CYCLE);
    expect(renamed.notes.filter((n) => n.pitch === 36).map((n) => n.tick)).not.toEqual(alone.bd);
  });

  it("a knob's pattern draws apart from the pattern's own, even when written alike", async () => {
    // "c*16?" and "1*16?" have their ? at the same column and place: keyed by the same node they
    // would keep exactly the same steps, and the velocity's rests would take away no note.
    const plain = await play({ p: { pattern: "c*16?" } });
    await plain.until(8 * CYCLE);
    const both = await play({ p: { pattern: "c*16?", velocity: "1*16?" } });
    await both.until(8 * CYCLE);
    expect(plain.notes.length).toBeGreaterThan(40);
    expect(both.notes.length).toBeLessThan(plain.notes.length * 0.75);
    expect(ticksOf(both.notes).every((tick) => ticksOf(plain.notes).includes(tick))).toBe(true);
  });

  it("replays the same choices at a later start: cycle 37 is cycle 37 whenever the node began", async () => {
    const fromZero = await play({ p: { pattern: "bd*8?, <hh oh>*4?0.3, [cp|rim|~]*2" } });
    await fromZero.until(40 * CYCLE);
    const fromLate = await play({ p: { pattern: "bd*8?, <hh oh>*4?0.3, [cp|rim|~]*2" } }, { startTick: 37 * CYCLE });
    await fromLate.until(40 * CYCLE);
    const late = (n: NoteEvent[]) => n.filter((x) => x.tick! >= 37 * CYCLE).map((x) => [x.tick, x.pitch]);
    expect(late(fromLate.notes)).toEqual(late(fromZero.notes));
    expect(late(fromZero.notes).length).toBeGreaterThan(10);
  });
});

describe("pattern node: what the command line previews", () => {
  it("plays, at their ticks, the events `magicbus pattern --seed S` lists for a node named pattern (chance included)", async () => {
    const source = "hh*8?, bd(3,8)?0.3, [<sd cp>|rim]";
    const t = await play({ pattern: { pattern: source } }, { seed: 3 });
    await t.until(4 * CYCLE);
    const listed = listEvents(mini(source), 0, 4, queryContext(3, "pattern"));
    const preview = listed.map((e) => [tickOf(fracOf(e.begin)), e.value === "hh" ? 42 : e.value === "bd" ? 36 : e.value === "sd" ? 38 : e.value === "cp" ? 39 : 37]);
    const sorted = (xs: number[][]) => [...xs].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(sorted(t.notes.map((n) => [n.tick!, n.pitch]))).toEqual(sorted(preview));
    expect(listed.length).toBeGreaterThan(16);
  });
});

describe("pattern node: cycles as text", () => {
  it("lists the onsets of a cycle it played and the one it plays next, keyed as played", async () => {
    const t = await play({ p: { pattern: "bd*2, ~ sd" } });
    await t.until(CYCLE + 10);
    t.nodes.p!.setParam("pattern", "hh*3");
    expect(t.nodes.p!.cycleOnsets(0).map((e) => [e.begin.toString(), e.value])).toEqual([["0", "bd"], ["1/2", "bd"], ["1/2", "sd"]]);
    expect(t.nodes.p!.codeAt(1)).toBe('"bd*2, ~ sd"');
    await t.until(2 * CYCLE + 10);
    expect(t.nodes.p!.codeAt(2)).toBe('"hh*3"');
    expect(t.nodes.p!.codeAt(1)).toBe('"bd*2, ~ sd"');
    expect(PPQ * 4).toBe(CYCLE);
  });
});

describe("the prelude's pattern() helper", () => {
  it("makes a named PatternNode on the patch's bus, options passed through, and refuses a bad string with its column", async () => {
    const prelude = await import("../../prelude.ts");
    const s = virtualSystem({ seed: 3 });
    const ctx = { ...s, scales: defaultScales() } as never;
    const [node] = await prelude.runPatch(ctx, () => void prelude.pattern("bass", "0 <2 4>", { scale: "dorian", root: "c2", velocity: "<0.7 0.9>" }));
    expect(node).toBeInstanceOf(PatternNode);
    const bass = node as PatternNode;
    expect([bass.name, bass.getParam("pattern"), bass.getParam("scale"), bass.getParam("root"), bass.getParam("velocity")]).toEqual(["bass", "0 <2 4>", "dorian", "c2", "<0.7 0.9>"]);
    s.system.add(bass);
    const notes: NoteEvent[] = [];
    s.bus.on(NoteEvent, (n) => notes.push(n));
    await s.system.runUntilTick(2 * CYCLE);
    expect(notes.map((n) => [n.tick, n.pitch, n.velocity])).toEqual([[0, 36, 0.7], [1920, 39, 0.7], [3840, 36, 0.9], [5760, 43, 0.9]]);
    await expect(prelude.runPatch(ctx, () => void prelude.pattern("x", "bd [sd"))).rejects.toThrow(/^x\.pattern: column 7: expected "\]"/);
    expect(() => prelude.pattern("y", "bd")).toThrow(/can only be called while a patch loads: write it in a patch file and save it; in the REPL, change the nodes that are playing/);
  });
});
