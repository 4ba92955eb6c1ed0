/**
 * One name per knob (issue 13): every param of every node a patch helper makes is named in the
 * docs' table of that helper, the helper accepts it under that name, and no seed spelling
 * (`gateBeats`, `rootMidi`, `triggerName`…) shows anywhere a performer looks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultScales, MidiAuxRouter, MidiOutSink, type Node } from "../../src/index.ts";
import * as prelude from "../../prelude.ts";
import { withClock } from "../helpers.ts";

/** Each helper with the least it needs. */
const makers: Record<string, () => unknown> = {
  euclid: () => prelude.euclid("n"),
  arp: () => prelude.arp("n"),
  chords: () => prelude.chords("n"),
  signal: () => prelude.signal("n", () => 0),
  integrate: () => prelude.integrate("n", { source: "lfo" }),
  swing: () => prelude.swing("n", { input: "a", output: "b" }),
  humanize: () => prelude.humanize("n", { from: "a" }),
  route: () => prelude.route("n", { input: "a", outputs: { b: 1 } }),
  quantize: () => prelude.quantize("n", { from: "a" }),
  clock: () => prelude.clock("n"),
  follow: () => prelude.follow("n", { target: "a.velocity", source: "lfo" }),
  harmony: () => prelude.harmony("n"),
  groove: () => prelude.groove("n", { from: "a", template: "swing" }),
  ornament: () => prelude.ornament("n", { from: "a" }),
  tension: () => prelude.tension("n"),
  piano: () => prelude.piano("n"),
  pattern: () => prelude.pattern("n", "bd*4, ~ sd"),
};

/** Spellings that belong to the seed's class API, never to a performer's view. */
const SEED_SPELLINGS = /\b(gateBeats|everyBeats|windowBeats|timingBeats|gridBeats|humanizeBeats|dropWeight|triggerProbability|sourceValueName|hitTriggerName|triggerName|scaleName|rootMidi)\b/;
const CHARACTER = ["energy", "darkness", "complexity", "lyricism", "volatility"];

async function made(helper: string): Promise<Node> {
  const s = withClock();
  const midi = s.system.add(new MidiOutSink(s.bus));
  const nodes = await prelude.runPatch({ ...s, scales: defaultScales(), midi } as never, () => void makers[helper]!());
  return nodes[0] as Node;
}

/** The row of the docs' prelude table for `helper`. */
function docsRow(helper: string): string {
  const reference = readFileSync("docs/reference.md", "utf8");
  const row = reference.split("\n").find((l) => l.startsWith(`| \`${helper}(`));
  if (!row) throw new Error(`docs/reference.md has no row for ${helper}()`);
  return row;
}

describe("one name per knob", () => {
  for (const helper of Object.keys(makers)) {
    it(`${helper}(): every param is in the docs under the name the helper takes, and no seed spelling shows`, async () => {
      const node = await made(helper);
      const row = docsRow(helper);
      expect(row).not.toMatch(SEED_SPELLINGS);
      const names = node.paramNames();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(name).not.toMatch(SEED_SPELLINGS);
        // The MIL nodes' five character dimensions are documented together as `character`.
        if (CHARACTER.includes(name) && names.includes("energy")) expect(row).toMatch(/`character`/);
        else if (name === "target") expect(row).toContain("`target`");
        else expect(row, `${helper}(): param "${name}" is not in its docs row`).toContain(`\`${name}\``);
      }
      // Each param round-trips under its name: what the REPL reads, it can write back.
      for (const name of names) {
        if (name === "end") continue; // piano.end = true finishes the piece: not a value to write back
        node.setParam(name, node.getParam(name));
      }
    });
  }

  it("the session's own nodes (the clock, the aux router) list every param in their docs tables", async () => {
    const s = withClock();
    const midi = s.system.add(new MidiOutSink(s.bus));
    const aux = s.system.add(new MidiAuxRouter(s.bus, midi));
    const reference = readFileSync("docs/reference.md", "utf8");
    const section = (title: string) => reference.split(/^## /m).find((x) => x.startsWith(`${title}\n`))!;
    for (const [node, title] of [[s.clock, "Clock"], [aux, "MidiAuxRouter"]] as const) {
      const params = section(title).split("\n").filter((l) => /^\| `[^`]+` \|/.test(l)).map((l) => /^\| `([^`]+)`/.exec(l)![1]);
      for (const name of node.paramNames()) expect(params, `${title}: param "${name}"`).toContain(name);
    }
  });

  it("prelude.ts, which every performer reads, speaks of knobs by the performer's names only", () => {
    const comments = readFileSync("prelude.ts", "utf8").match(/\/\*[\s\S]*?\*\/|\/\/.*$/gm) ?? [];
    expect(comments.length).toBeGreaterThan(10);
    expect(comments.filter((c) => SEED_SPELLINGS.test(c))).toEqual([]);
  });

  it("the helpers take the performer's names as options", async () => {
    const arp = (await made("arp")) as Node;
    expect(arp.getParam("gate")).toBe(0.25);
    const s = withClock();
    const midi = s.system.add(new MidiOutSink(s.bus));
    const [a, c, sw] = (await prelude.runPatch({ ...s, scales: defaultScales(), midi } as never, () => {
      prelude.arp("a", { gate: 0.5, root: 62, scale: "dorian", trigger: "t" });
      prelude.chords("c", { every: 2, gate: 1 });
      prelude.swing("s", { input: "x", output: "y", grid: 0.5, humanize: 0.01 });
    })) as Node[];
    expect([a!.getParam("gate"), a!.getParam("root"), a!.getParam("scale"), a!.getParam("trigger")]).toEqual([0.5, 62, "dorian", "t"]);
    expect([c!.getParam("every"), c!.getParam("gate")]).toEqual([2, 1]);
    expect([sw!.getParam("grid"), sw!.getParam("humanize")]).toEqual([0.5, 0.01]);
  });

  it("the seed's spellings still reach the same knob (its ParamChangeEvents use them), and are never listed", async () => {
    const arp = await made("arp");
    arp.setParam("gate_beats", 0.125);
    expect(arp.getParam("gate")).toBe(0.125);
    arp.setParam("gateBeats", 0.5);
    expect(arp.getParam("gate")).toBe(0.5);
    expect(arp.paramNames()).not.toContain("gateBeats");
    expect(() => arp.setParam("gateBeats", 0)).toThrow(/^arp|n\.gate: expected a number from 0\.001 to 64, got 0$/);
  });

  it("a knob given twice, by both names, is refused", async () => {
    const s = withClock();
    const midi = s.system.add(new MidiOutSink(s.bus));
    await expect(
      prelude.runPatch({ ...s, scales: defaultScales(), midi } as never, () => void prelude.arp("a", { gate: 0.5, gateBeats: 0.25 } as never)),
    ).rejects.toThrow(/"gate" and "gateBeats" are one knob/);
  });
});
