/**
 * The live set in virtual time: swaps on the bar, state kept across a reload, removed nodes
 * silenced, cues before the music of their tick, and a journal that replays note for note.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, type Arpeggiator, type Problem } from "../../src/index.ts";
import { JournalWriter } from "../../src/live/journal.ts";
import { LiveSet } from "../../src/live/live-set.ts";
import { PatchLoader } from "../../src/live/patch-loader.ts";
import { Reloader } from "../../src/live/reloader.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { createSession } from "../../src/live/session.ts";
import type { Quantum } from "../../src/live/swap-boundary.ts";

const BAR = 4 * PPQ;
const dir = mkdtempSync(join(tmpdir(), "magicbus-liveset-"));
const loader = new PatchLoader();

function basicPatch(o: { pattern?: string; pulses?: number; extra?: string } = {}) {
  return `export default patch(() => {
  euclid("euc", { steps: 16, pulses: ${o.pulses ?? 5}, trigger: "hit", probability: 0.9 });
  arp("arp", { trigger: "hit", scale: "dorian", degrees: [0, 2, 4, 6], pattern: "${o.pattern ?? "up"}", octaves: 2, probability: 0.9 });
  ${o.extra ?? ""}
});
`;
}

function setUp(name: string, quantum: Quantum = "bar") {
  const problems: Problem[] = [];
  const session = createSession({ bpm: 120, seed: 11, logger: (p) => problems.push(p) });
  const journalPath = join(dir, `${name}.jsonl`);
  const journal = new JournalWriter(journalPath, { bpm: 120, seed: 11, beatsPerBar: 4, stepsPerBeat: 4, quantize: quantum, startedAt: "test" });
  const set = new LiveSet(session, (cue, tick) => journal.append({ tick, ...cue }));
  const warnings: string[] = [];
  const reloader = new Reloader(set, loader, { quantize: () => quantum, say: () => {}, warn: (w) => warnings.push(w) });
  const file = join(dir, `${name}.ts`);
  const advance = (bars: number) => session.system.runUntilTick(session.system.timeline.now + bars * BAR);
  return { session, set, reloader, file, journal, journalPath, problems, warnings, advance };
}

describe("live set", () => {
  it("swaps a saved version on the next bar, keeps the arp's state, and replays note for note", async () => {
    const t = setUp("swap");
    await loader.loadPrelude();
    t.set.cues.soon({ kind: "prelude", code: loader.preludeCode! });
    writeFileSync(t.file, basicPatch());
    expect((await t.reloader.load(t.file, "now")).ok).toBe(true);
    t.session.system.start();
    await t.session.system.runUntilTick(2 * BAR + 5 * PPQ / 4); // mid-bar 3
    const arp = t.session.system.node("arp") as Arpeggiator;

    writeFileSync(t.file, basicPatch({ pattern: "down" }));
    const r = await t.reloader.load(t.file);
    expect(r.ok).toBe(true);
    expect(r.swapTick).toBe(3 * BAR);
    expect(arp.getParam("pattern")).toBe("up"); // not before the bar
    await t.session.system.runUntilTick(3 * BAR + 1);
    expect(t.session.system.node("arp")).toBe(arp); // updated in place: the same running node
    expect(arp.getParam("pattern")).toBe("down");

    // a REPL-style cue, a mute, then a new node and a removed one
    t.set.cues.soon({ kind: "param", target: "arp", param: "scale", value: "minor" });
    await t.advance(1);
    t.set.cues.soon({ kind: "mute", node: "arp" });
    await t.advance(1);
    const beforeUnmute = allNotes(t.session.midi.toSong()).filter((n) => n.tick >= t.session.system.timeline.now - BAR);
    expect(beforeUnmute).toEqual([]); // muted: a whole bar of silence
    t.set.cues.soon({ kind: "unmute" });
    writeFileSync(t.file, basicPatch({ extra: `arp("bass", { trigger: "hit", root: 36, degrees: [0], gate: 1 });` }).replace(/euclid\("euc"[^\n]*\n/, `euclid("euc2", { steps: 8, pulses: 3, trigger: "hit" });\n`));
    expect((await t.reloader.load(t.file)).ok).toBe(true);
    await t.advance(2);
    expect(t.session.system.names()).toContain("bass");
    expect(t.session.system.names()).toContain("euc2");
    expect(t.session.system.names()).not.toContain("euc");
    t.set.cues.soon({ kind: "end" });
    await t.advance(1);
    t.journal.close();
    const live = allNotes(t.session.midi.toSong());
    expect(live.length).toBeGreaterThan(25);
    expect(t.session.midi.soundingCount).toBe(0);
    expect(t.problems).toEqual([]);

    const replayed = await replayJournal(t.journalPath);
    expect(replayed.ended).toBe(true);
    expect(allNotes(replayed.song)).toEqual(live);
  });

  it("a broken save is refused with file:line:col and the old version keeps playing", async () => {
    const t = setUp("broken");
    writeFileSync(t.file, basicPatch());
    await t.reloader.load(t.file, "now");
    t.session.system.start();
    await t.advance(1);
    writeFileSync(t.file, `export default patch(() => {\n  euclid("euc", { steps: 16 pulses: 5 });\n});\n`);
    const r = await t.reloader.load(t.file);
    expect(r.ok).toBe(false);
    expect(t.warnings[0]).toContain(`${t.file}:2:`);
    expect(t.warnings[0]).toContain("previous version keeps playing");
    const before = t.session.midi.noteCount;
    await t.advance(2);
    expect(t.session.midi.noteCount).toBeGreaterThan(before);
  });

  it("a version that throws in its rehearsal bar is never swapped in", async () => {
    const t = setUp("rehearse");
    writeFileSync(t.file, basicPatch());
    await t.reloader.load(t.file, "now");
    t.session.system.start();
    await t.advance(1);
    writeFileSync(
      t.file,
      basicPatch({ extra: `signal("lfo", (t) => { if (t > 0) throw new Error("bad curve"); return 0; });` }),
    );
    const r = await t.reloader.load(t.file);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/rehearsal/);
    expect(r.error).toMatch(/bad curve/);
    expect(r.error).toContain(`${t.file}:`);
    await t.advance(2);
    expect(t.session.system.names()).not.toContain("lfo");
    expect(t.problems).toEqual([]);
  });

  it("a node that fails while playing is stopped, its notes end, the others play on", async () => {
    const t = setUp("fails");
    writeFileSync(
      t.file,
      basicPatch({
        extra: `arp("pad", { trigger: "hit", root: 48, degrees: [0], gate: 8 });
  node("saboteur", new (class extends magicbus.Node { kind = "saboteur"; constructor() { super(ctx.bus, "saboteur"); } protected onStart() { this.at(960, () => this.publish(new magicbus.NoteEvent({ pitch: 40, velocity: 0.5, gateBeats: 64 }))); this.at(6 * 960 + 1, () => { throw new Error("sabotage"); }); } })());`,
      })
        .replace("export default patch(() => {", `import * as magicbus from "magicbus";\nexport default patch((ctx) => {`),
    );
    const ok = await t.reloader.load(t.file, "now");
    expect(ok.error).toBeUndefined();
    t.session.system.start();
    await t.advance(3);
    expect(t.problems.some((p) => /saboteur stopped after an error: .*sabotage/.test(p.message))).toBe(true);
    expect(t.session.system.names()).toContain("arp");
    const held = allNotes(t.session.midi.toSong()).find((n) => n.pitch === 40)!;
    expect(held.tick).toBe(PPQ);
    expect(held.endTick).toBe(6 * PPQ + 1); // released when its node failed, not 64 beats later
    const after = allNotes(t.session.midi.toSong()).filter((n) => n.tick > 6 * PPQ + 1);
    expect(after.length).toBeGreaterThan(5);
  });

  it("deleting a patch removes its nodes at the boundary and ends their notes there", async () => {
    const t = setUp("unload");
    writeFileSync(t.file, basicPatch({ extra: `arp("drone", { trigger: "hit", root: 36, degrees: [0], gate: 16 });` }));
    await t.reloader.load(t.file, "now");
    t.session.system.start();
    await t.session.system.runUntilTick(BAR + 100);
    t.reloader.unload(t.file);
    await t.advance(2);
    expect(t.set.stage.files()).toEqual([]);
    expect(t.session.system.names().some((n) => ["euc", "arp", "drone"].includes(n))).toBe(false);
    for (const n of allNotes(t.session.midi.toSong())) expect(n.endTick).toBeLessThanOrEqual(2 * BAR);
    expect(t.session.midi.soundingCount).toBe(0);
  });
});

describe("prelude reload", () => {
  it("an edited prelude gives every patch the new helpers, journaled so replay uses them too", async () => {
    const preludeCopy = join(dir, "prelude-copy.ts");
    const original = (await import("node:fs")).readFileSync(new URL("../../prelude.ts", import.meta.url), "utf8");
    // prelude-copy.ts sits outside the repo: point its imports at the repo's sources
    const fixImports = (src: string) => src.replace(`from "./src/patch/context.ts"`, `from ${JSON.stringify(join(process.cwd(), "src/patch/context.ts"))}`);
    writeFileSync(preludeCopy, fixImports(original));
    const own = new PatchLoader(preludeCopy);
    await own.loadPrelude();
    const problems: Problem[] = [];
    const session = createSession({ bpm: 120, seed: 2, logger: (p) => problems.push(p) });
    const journalPath = join(dir, "prelude.jsonl");
    const journal = new JournalWriter(journalPath, { bpm: 120, seed: 2, beatsPerBar: 4, stepsPerBeat: 4, quantize: "bar", startedAt: "test" });
    const set = new LiveSet(session, (cue, tick) => journal.append({ tick, ...cue }));
    set.cues.soon({ kind: "prelude", code: own.preludeCode! });
    const reloader = new Reloader(set, own, { quantize: () => "bar", say: () => {}, warn: (w) => problems.push({ kind: "warn", message: w }) });
    const file = join(dir, "uses-helper.ts");
    writeFileSync(file, `export default patch(() => { euclid("e", { steps: 4, pulses: 4, trigger: "hit" }); arp("a", { trigger: "hit", root: 60, degrees: [0] }); });\n`);
    await reloader.load(file, "now");
    session.system.start();
    await session.system.runUntilTick(BAR);
    // the performer changes arp()'s default octave in the prelude: root + 12
    writeFileSync(preludeCopy, fixImports(original).replace("new Arpeggiator(bus, scales, { ...o, name })", "new Arpeggiator(bus, scales, { ...o, name, root: (o.root ?? 60) + 12 })"));
    await reloader.reloadPrelude(set.stage.files());
    await session.system.runUntilTick(3 * BAR);
    set.cues.soon({ kind: "end" });
    await session.system.runUntilTick(4 * BAR);
    journal.close();
    expect(problems).toEqual([]);
    const live = allNotes(session.midi.toSong());
    expect(new Set(live.filter((n) => n.tick < BAR).map((n) => n.pitch))).toEqual(new Set([60]));
    expect(new Set(live.filter((n) => n.tick >= 2 * BAR).map((n) => n.pitch))).toEqual(new Set([72]));
    expect(allNotes((await replayJournal(journalPath)).song)).toEqual(live);
  });
});

describe("a performer's change and a reload", () => {
  it("a param set from the REPL survives a save of the patch, unless the patch edits that param", async () => {
    const t = setUp("keep-tweaks");
    writeFileSync(t.file, basicPatch({ pattern: "up", pulses: 5 }));
    await t.reloader.load(t.file, "now");
    t.session.system.start();
    await t.advance(1);
    t.set.cues.soon({ kind: "param", target: "arp", param: "scale", value: "minor" });
    await t.advance(1);
    const arp = t.session.system.node("arp") as Arpeggiator;
    expect(arp.getParam("scale")).toBe("minor");
    // a save that changes something else: the performer's scale stays
    writeFileSync(t.file, basicPatch({ pattern: "up", pulses: 7 }));
    await t.reloader.load(t.file);
    await t.advance(2);
    expect(t.session.system.node("euc")!.constructor.name).toBe("EuclideanRhythmNode");
    expect((t.session.system.node("euc") as Arpeggiator).getParam("pulses")).toBe(7);
    expect(arp.getParam("scale")).toBe("minor");
    // a save that edits the scale in the patch: the patch wins
    writeFileSync(t.file, basicPatch({ pattern: "up", pulses: 7 }).replace('scale: "dorian"', 'scale: "lydian"'));
    await t.reloader.load(t.file);
    await t.advance(2);
    expect(arp.getParam("scale")).toBe("lydian");
    expect(t.session.system.node("arp")).toBe(arp);
  });
});
