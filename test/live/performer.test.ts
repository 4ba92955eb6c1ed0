/** The REPL's scope and dot-commands against a daemon on the virtual clock. */
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { CollectingOutput } from "../../src/midi/midi-output.ts";
import { performerCommands, performerScope } from "../../src/live/performer.ts";
import { statusLine } from "../../src/live/status.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { readFileSync } from "node:fs";

const BAR = 4 * PPQ;

async function daemon() {
  const home = mkdtempSync(join(tmpdir(), "magicbus-performer-"));
  const dir = join(home, "patches");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "a.ts"),
    `export default patch(() => {\n  euclid("euc", { steps: 8, pulses: 5, trigger: "hit" });\n  arp("arp", { trigger: "hit", degrees: [0, 2, 4], gate: 0.2 });\n});\n`,
  );
  const said: string[] = [];
  const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 4, record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0, claim: false });
  const prelude = await d.loader.preludeExports();
  const out = { lines: [] as string[], errors: [] as string[], print(t: string) { this.lines.push(t); }, error(t: string) { this.errors.push(t); } };
  let quit = false;
  const commands = performerCommands(d, () => (quit = true));
  const scope = () => performerScope(d, prelude);
  const run = (bars: number) => d.session.system.runUntilTick(d.session.system.timeline.now + bars * BAR);
  return { d, home, scope, commands, out, run, said, quitted: () => quit };
}

describe("the performer's REPL scope", () => {
  it("a node reads its params and assigning one cues a ParamChangeEvent at the next free tick", async () => {
    const t = await daemon();
    await t.run(1);
    const arp = t.scope().arp as Record<string, unknown>;
    expect(arp.scale).toBe("major");
    expect(Object.keys(arp)).toContain("gate");
    arp.scale = "minor";
    expect(arp.scale).toBe("major"); // a cue: acts when time moves on, before that instant's music
    await t.run(1);
    expect((t.scope().arp as Record<string, unknown>).scale).toBe("minor");
  });

  it("a wrong node, param or value throws, naming what is valid, and changes nothing", async () => {
    const t = await daemon();
    await t.run(1);
    const scope = t.scope();
    const set = scope.set as (a: string, b: string, c: unknown) => void;
    expect(() => set("arpp", "scale", "minor")).toThrow(/no node named "arpp".*arp/);
    expect(() => set("arp", "scael", "minor")).toThrow(/no param "scael".*scale/);
    expect(() => set("arp", "scale", "nonsense")).toThrow(/unknown scale "nonsense"/);
    expect(() => ((scope.euc as Record<string, unknown>).pulses = 2000)).toThrow(/pulses/);
    // Reading a param that is not there names the params, as assigning one does.
    expect(() => (scope.euc as Record<string, unknown>).pulse).toThrow(/euc has no param "pulse"; did you mean "pulses"\? its params: steps, pulses/);
    expect(() => (scope.arp as Record<string, unknown>).nope).toThrow(/arp has no param "nope"; its params: .*gate/);
    // The seed's spelling reads the performer's knob; the node's own names and `await` work as before.
    expect((scope.arp as Record<string, unknown>).gate_beats).toBe((scope.arp as Record<string, unknown>).gate);
    expect((scope.arp as { name: string }).name).toBe("arp");
    expect(await Promise.resolve(scope.arp)).toBe(scope.arp);
    await t.run(1);
    expect((t.scope().euc as Record<string, unknown>).pulses).toBe(5);
    expect((t.scope().arp as Record<string, unknown>).scale).toBe("major");
  });

  it("bpm(n) changes the tempo from the next beat", async () => {
    const t = await daemon();
    await t.d.session.system.runUntilTick(PPQ + 100);
    const msg = (t.scope().bpm as (n: number) => string)(150);
    expect(msg).toMatch(/150 bpm from \[1:3\]/);
    await t.run(1);
    const tempo = t.d.session.system.timeline.tempo;
    expect(tempo.bpmAt(2 * PPQ - 1)).toBe(120);
    expect(tempo.bpmAt(2 * PPQ)).toBe(150);
  });

  it("every way to change the tempo goes through one journaled tempo cue at the next beat; a bad tempo changes nothing", async () => {
    const t = await daemon();
    await t.d.session.system.runUntilTick(PPQ + 100);
    (t.scope().bpm as (n: number) => string)(150);
    await t.run(1);
    const clock = t.scope().clock as Record<string, unknown>;
    clock.bpm = 90; // the clock's param is the same door
    await t.commands.bpm!.run("100.5", t.out);
    for (const bad of [0, 1000, NaN]) expect(() => (t.scope().bpm as (n: number) => string)(bad)).toThrow(/^bpm: expected a number from 1 to 999, got /);
    expect(() => (clock.bpm = "fast")).toThrow(/from 1 to 999/);
    await t.run(2);
    const journal = readFileSync(join(t.home, "out.journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const tempoCues = journal.filter((e) => e.kind === "tempo").map((e) => [e.tick, e.bpm]);
    // 150 at beat 2 (tick 2·PPQ); 90 and then 100.5 both at the next beat after bar 1's end
    expect(tempoCues).toEqual([[2 * PPQ, 150], [6 * PPQ, 90], [6 * PPQ, 100.5]]);
    expect(journal.filter((e) => e.kind === "param" && e.param === "bpm")).toEqual([]);
    const tempo = t.d.session.system.timeline.tempo;
    expect(tempo.bpmAt(6 * PPQ)).toBe(100.5);
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"));
    const replayedTempos = replayed.song.tempos.map((c) => [c.tick, Math.round(c.bpm * 100) / 100]);
    expect(replayedTempos).toEqual([[0, 120], [2 * PPQ, 150], [6 * PPQ, 100.5]]);
  });

  it("dot-commands: .nodes, .mute/.unmute, .solo, .bpm, .record; bad use explains itself", async () => {
    const t = await daemon();
    await t.run(1);
    await t.commands.nodes!.run("", t.out);
    expect(t.out.lines.join("\n")).toMatch(/arp +\(arp, a\.ts\) +.*scale="major"/);
    await t.commands.mute!.run("arp", t.out);
    await t.run(2);
    const before = t.d.session.midi.noteCount;
    await t.run(2);
    expect(t.d.session.midi.noteCount).toBe(before); // muted: nothing
    await t.commands.unmute!.run("", t.out);
    await t.run(1);
    expect(t.d.session.midi.noteCount).toBeGreaterThan(before);
    expect(() => t.commands.mute!.run("nobody", t.out)).toThrow(/no node named "nobody"/);
    await t.commands.mute!.run("", t.out);
    expect(t.out.errors.at(-1)).toMatch(/needs a node name.*arp/);
    await t.commands.bpm!.run("fast", t.out);
    expect(t.out.errors.at(-1)).toMatch(/needs a number/);
    const take = join(t.home, "take.mid");
    await t.commands.record!.run(`start ${take}`, t.out);
    await t.run(2);
    await t.commands.record!.run("stop", t.out);
    const notes = allNotes(readSmf(readFileSync(take)));
    expect(notes.length).toBeGreaterThan(3);
    expect(Math.min(...notes.map((n) => n.tick))).toBeLessThan(BAR);
    await t.commands.record!.run("sideways", t.out);
    expect(t.out.errors.at(-1)).toMatch(/\.record start FILE/);
    await t.commands.quit!.run("", t.out);
    expect(t.quitted()).toBe(true);
  });

  it("the journal of a set with REPL cues replays note for note", async () => {
    const t = await daemon();
    await t.run(1);
    (t.scope().arp as Record<string, unknown>).pattern = "updown";
    await t.run(1);
    await t.commands.bpm!.run("133", t.out);
    await t.commands.solo!.run("arp", t.out);
    await t.run(2);
    expect(statusLine(t.d, false)).toMatch(/ · solo arp · /); // the status line says who is soloed
    await t.commands.panic!.run("", t.out);
    await t.run(1);
    await t.d.quit();
    const recorded = allNotes(readSmf(readFileSync(join(t.home, "out.mid"))));
    expect(existsSync(join(t.home, "out.journal.jsonl"))).toBe(true);
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"));
    expect(recorded.length).toBeGreaterThan(10);
    expect(replayed.ended).toBe(true);
    expect(allNotes(replayed.song)).toEqual(recorded);
  });
});

describe("controllers and MIDI clock in the daemon", () => {
  it("a mapped CC moves a param through a journaled cue; bad bytes are reported and nothing is lost", async () => {
    const t = await daemon();
    await t.run(1);
    const scope = t.scope();
    (scope.map as (s: string, tg: string, o: object) => string)("cc:74", "arp.gate", { min: 0.1, max: 0.9 });
    t.d.feedMidi([0xb0, 74, 127]);
    t.d.feedMidi([0xf4, 0x80]); // an undefined status, then a stray data byte
    await t.run(1);
    expect((t.scope().arp as Record<string, unknown>).gate).toBeCloseTo(0.9, 9);
    expect(t.said.some((l) => /MIDI in: .*f4/i.test(l))).toBe(true);
    t.d.feedMidi([0xb0, 74, 0]);
    await t.run(1);
    expect((t.scope().arp as Record<string, unknown>).gate).toBeCloseTo(0.1, 9);
    await t.d.quit();
    const journal = readFileSync(join(t.home, "out.journal.jsonl"), "utf8");
    expect(journal).toMatch(/"kind":"param","target":"arp","param":"gate","value":0\.9/);
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"));
    expect(allNotes(replayed.song)).toEqual(allNotes(readSmf(readFileSync(join(t.home, "out.mid")))));
  });

  it("a knob typed or mapped by the seed's spelling is journaled and listed under the performer's name", async () => {
    const t = await daemon();
    await t.run(1);
    const scope = t.scope();
    (scope.set as (a: string, b: string, c: unknown) => void)("arp", "gate_beats", 0.5);
    (scope.map as (s: string, tg: string, o: object) => string)("cc:74", "arp.gateBeats", { min: 0.1, max: 0.9 });
    expect(() => (scope.set as (a: string, b: string, c: unknown) => void)("arp", "gaet", 1)).toThrow(/did you mean "gate"/);
    expect(t.d.session.controllers.list().map((m) => m.target)).toEqual(["arp.gate"]);
    await t.run(1);
    await t.d.quit();
    const params = readFileSync(join(t.home, "out.journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((e) => e.kind === "param");
    expect(params.map((e) => [e.target, e.param, e.value])).toEqual([["arp", "gate", 0.5]]);
  });

  it(".learn maps the next controller moved, without holding up the REPL", async () => {
    const t = await daemon();
    await t.run(1);
    await t.commands.learn!.run("arp.velocity 0.2 1", t.out);
    expect(t.out.lines.at(-1)).toMatch(/move a controller for arp\.velocity/);
    t.d.feedMidi([0xb1, 7, 64]); // CC 7 on channel 2
    await new Promise((r) => setImmediate(r));
    expect(t.out.lines.at(-1)).toMatch(/learned cc:7:ch2 → arp\.velocity/);
    await t.commands.map!.run("", t.out);
    expect(t.out.lines.at(-1)).toMatch(/cc:7:ch2 → arp\.velocity {2}0\.2\.\.1/);
  });

  it("follows an external MIDI clock's tempo", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-clockin-"));
    const dir = join(home, "patches");
    (await import("node:fs")).mkdirSync(dir);
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "o.mid"), clockIn: true, say: () => {}, warn: () => {}, flushMs: 0 });
    // 96 pulses at 100 bpm: 24 per beat, 25 ms apart
    for (let i = 0; i < 96; i++) d.feedMidi([0xf8], 1000 + i * 25);
    await d.session.system.runUntilTick(PPQ);
    expect(d.session.clock.getParam("bpm")).toBeCloseTo(100, 0);
    await d.quit();
  });
});

describe("MIDI clock out from the daemon", () => {
  it("sends Start, 24 pulses a beat on the tick grid, and Stop at the end of the set", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-clockout-"));
    const dir = join(home, "patches");
    (await import("node:fs")).mkdirSync(dir);
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "o.mid"), clockOut: true, say: () => {}, warn: () => {}, flushMs: 0 });
    const out = new CollectingOutput();
    d.session.midi.output = out;
    await d.session.system.runUntilTick(2 * PPQ);
    const realtime = out.sent.filter((m) => m.bytes[0]! >= 0xf8);
    expect(realtime[0]!.bytes).toEqual([0xfa]);
    const pulses = realtime.filter((m) => m.bytes[0] === 0xf8);
    expect(pulses).toHaveLength(48);
    pulses.forEach((p, i) => expect(p.tick).toBe(i * (PPQ / 24)));
    await d.quit();
    expect(out.sent.at(-1)!.bytes).toEqual([0xfc]);
  });
});

describe("a value a node cannot take", () => {
  it("is refused on the REPL line itself, not later", async () => {
    const t = await daemon();
    await t.run(1);
    expect(() => ((t.scope().euc as Record<string, unknown>).pulses = 9)).toThrow(/euc\.pulses: expected an integer from 0 to 8, got 9/);
    await t.run(1);
    expect((t.scope().euc as Record<string, unknown>).pulses).toBe(5);
  });
});
