/** The piano in a live set (daemon on the virtual clock): steered from the REPL, journaled, replayed. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { performerCommands, performerScope } from "../../src/live/performer.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { statusLine } from "../../src/live/status.ts";

const BAR = 4 * PPQ;

describe("a piano set", () => {
  it("is steered from the REPL, shows in the status line, leads the tempo when asked, and replays note for note", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-pianoset-"));
    const dir = join(home, "set");
    mkdirSync(dir);
    writeFileSync(join(dir, "piano.ts"), `export default patch(() => {\n  piano("piano", { archetype: "Nocturne", pianist: "Chopin", key: "Eb" });\n});\n`);
    const said: string[] = [];
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 80, seed: 3, record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
    const scope = () => performerScope(d, {});
    const out = { lines: [] as string[], print(t: string) { this.lines.push(t); }, error(t: string) { this.lines.push(`ERR ${t}`); } };
    const commands = performerCommands(d, () => {});
    const run = (bars: number) => d.session.system.runUntilTick(d.session.system.timeline.now + bars * BAR);

    await run(6);
    expect(statusLine(d, false)).toMatch(/♪ Nocturne·Chopin e\d\d d\d\d x\d\d l\d\d v\d\d [▁▂▃▄▅▆▇█]/);
    await commands.piano!.run("", out);
    expect(out.lines.join("\n")).toMatch(/section A, phrase \d+ .*Eb major/);
    (scope().piano as Record<string, unknown>).archetype = "Rhapsody";
    (scope().piano as Record<string, unknown>).leadTempo = true;
    await run(12);
    expect(d.session.system.timeline.tempo.bpmAt(d.session.system.timeline.now)).toBeGreaterThan(80); // a Rhapsody is faster
    (scope().piano as Record<string, unknown>).archetype = "Toccata";
    await run(8);
    await commands.end!.run("piano", out);
    await run(16);
    expect(statusLine(d, false)).toMatch(/\(ended\)/);
    await d.quit();
    expect(said.filter((l) => /error|refused/i.test(l))).toEqual([]);

    const recorded = allNotes(readSmf(readFileSync(join(home, "out.mid"))));
    expect(recorded.length).toBeGreaterThan(100);
    const replayed = await replayJournal(join(home, "out.journal.jsonl"));
    expect(replayed.ended).toBe(true);
    expect(allNotes(replayed.song)).toEqual(recorded);
  });
});

describe("reloading a piano patch", () => {
  it("keeps the running composer; an edited archetype steers it without marking dimensions as hand-set", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-pianoreload-"));
    const dir = join(home, "set");
    mkdirSync(dir);
    const file = join(dir, "piano.ts");
    writeFileSync(file, `export default patch(() => {\n  piano("piano", { archetype: "Nocturne", pianist: "Chopin" });\n});\n`);
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 80, seed: 3, record: join(home, "out.mid"), say: () => {}, warn: () => {}, flushMs: 0 });
    const run = (bars: number) => d.session.system.runUntilTick(d.session.system.timeline.now + bars * BAR);
    await run(2);
    const piano = d.session.system.node("piano") as unknown as { archetype: string; adjusted: boolean; composer: unknown };
    const composer = piano.composer;
    writeFileSync(file, `export default patch(() => {\n  piano("piano", { archetype: "Toccata", pianist: "Chopin" });\n});\n`);
    expect((await d.reload("piano"))[0]!.ok).toBe(true);
    await run(2);
    expect(d.session.system.node("piano")).toBe(piano);
    expect(piano.composer).toBe(composer);
    expect(piano.archetype).toBe("Toccata");
    expect(piano.adjusted).toBe(false);
    await d.quit();
  });
});
