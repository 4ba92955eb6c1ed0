/**
 * The pattern node playing patterns made with the pattern functions (`every(2, rev, "bd sd hh")`):
 * at exact ticks, for its pattern and its knobs, taking a new one at the next cycle, and refusing
 * or leaving out what it cannot play.
 */
import { describe, expect, it } from "vitest";
import { defaultScales, NoteEvent, ParamError, PatternNode } from "../../src/index.ts";
import { every, fast, ply, range, rev, segment } from "../../src/pattern/transform.ts";
import { saw } from "../../src/pattern/signals.ts";
import { virtualSystem } from "../helpers.ts";
import { CYCLE, heard, play } from "./play-nodes.ts";

describe("pattern node: patterns made with the functions", () => {
  it("plays every(2, rev, …) at exact ticks: reversed in cycle 0, as written in cycle 1", async () => {
    const t = await play({ drums: { pattern: every(2, rev, "bd sd hh") } });
    await t.until(2 * CYCLE);
    expect(heard(t.notes)).toEqual([
      [0, 42, 9], [1280, 38, 9], [2560, 36, 9],
      [3840, 36, 9], [5120, 38, 9], [6400, 42, 9],
    ]);
  });

  it('plays fast("<1 2>", …): three notes in cycle 0, six in cycle 1, each its event\'s length × gate', async () => {
    const t = await play({ m: { pattern: fast("<1 2>", "c e g"), gate: 1 } });
    await t.until(2 * CYCLE);
    expect(t.notes.map((n) => [n.tick, n.pitch, n.gateBeats])).toEqual([
      [0, 60, 4 / 3], [1280, 64, 4 / 3], [2560, 67, 4 / 3],
      ...[0, 1, 2, 3, 4, 5].map((k) => [3840 + 640 * k, [60, 64, 67][k % 3], 2 / 3]),
    ]);
  });

  it("reads a knob from a pattern made with the functions: a velocity ramp, and the param reads it back", async () => {
    const velocity = range(0.5, 1, segment(4, saw));
    const t = await play({ p: { pattern: "c4*4", velocity } });
    await t.until(CYCLE);
    expect(t.notes.map((n) => n.velocity)).toEqual([0.5, 0.625, 0.75, 0.875]);
    expect(t.nodes.p!.getParam("velocity")).toBe(velocity);
  });

  it("leaves out and reports a value a function made that the knob or the node cannot take", async () => {
    const t = await play({ v: { pattern: "c4*4", velocity: range(0, 2, "0 1") }, d: { pattern: range(0, 1, "0 0.5"), as: "degrees" } });
    await t.until(CYCLE);
    expect(t.notes.filter((n) => n.source === "v").map((n) => n.velocity)).toEqual([0, 0]);
    expect(t.notes.filter((n) => n.source === "d").map((n) => n.pitch)).toEqual([60]);
    expect(t.problems.map((p) => p.message).sort()).toEqual([
      "d: 0.5 is not a scale degree (a whole number from -128 to 128); left out",
      "v.velocity: 2 is not a number from 0 to 1; the note is left out",
    ]);
  });

  it("takes a new one at the next cycle, as a string; the param reads the pattern back", async () => {
    const t = await play({ p: { pattern: "c4*2" } });
    await t.until(CYCLE / 2);
    const next = every(2, (p) => ply(2, p), "e4 ~");
    t.nodes.p!.setParam("pattern", next);
    expect(t.nodes.p!.getParam("pattern")).toBe(next);
    expect(t.nodes.p!.code).toEqual({ playing: '"c4*2"', waiting: 'every(2, (p) => ply(2, p), "e4 ~")' });
    await t.until(3 * CYCLE);
    // Cycle 1 is odd: e4 as written; cycle 2 plies it.
    expect(t.notes.map((n) => [n.tick, n.pitch])).toEqual([[0, 60], [1920, 60], [3840, 64], [7680, 64], [8640, 64]]);
  });

  it("refuses mini-notation inside it that it cannot play, with the column, and a reading that cannot read it", async () => {
    const s = virtualSystem();
    expect(() => new PatternNode(s.bus, defaultScales(), { name: "p", pattern: fast(2, "bd sdd") })).toThrow(
      /^p\.pattern: column 4: "sdd" is not a drum name or a note name; did you mean "sd"[^\n]*\n {2}bd sdd\n {5}\^$/,
    );
    const t = await play({ p: { pattern: every(2, rev, "0 bd") } });
    expect(() => t.nodes.p!.setParam("as", "degrees")).toThrow(ParamError);
    expect(() => t.nodes.p!.setParam("as", "degrees")).toThrow(/^p\.as: column 3: "bd" is not a scale degree/);
    expect(() => t.nodes.p!.setParam("pattern", rev)).toThrow(/^p\.pattern: expected a pattern in mini-notation \("bd\*4, ~ sd"; "~" is silence\) or made with the pattern functions \(fast\(2, "bd sd"\)\), got a function$/);
  });
});

describe("the prelude: the pattern functions in a patch", () => {
  it("pattern() takes a pattern made with them; euclid is the node with a name, the function with numbers", async () => {
    const prelude = await import("../../prelude.ts");
    const s = virtualSystem({ seed: 3 });
    const ctx = { ...s, scales: defaultScales() } as never;
    const nodes = await prelude.runPatch(ctx, () => {
      prelude.pattern("drums", prelude.every(2, prelude.rev, prelude.euclid(3, 8, "bd")));
      prelude.euclid("euc", { steps: 16, pulses: 5 });
    });
    expect(nodes.map((n) => [n.name, n.constructor.name])).toEqual([["drums", "PatternNode"], ["euc", "EuclideanRhythmNode"]]);
    expect((nodes[0] as PatternNode).code.playing).toBe('every(2, rev, euclid(3, 8, "bd"))');
    s.system.add(nodes[0]!);
    const notes: NoteEvent[] = [];
    s.bus.on(NoteEvent, (n) => notes.push(n));
    await s.system.runUntilTick(2 * CYCLE);
    // x..x..x. backwards is .x..x..x; then as written.
    expect(notes.map((n) => n.tick)).toEqual([480, 1920, 3360, 3840, 5280, 6720]);
  });
});
