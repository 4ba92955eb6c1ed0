/**
 * Issue 11, item 2: two patches that name the same node at start-up. The first loaded keeps the
 * name, the second is refused with both files named, the clock runs, and fixing the second file
 * brings it in.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";

const BAR = 4 * PPQ;
const twoNodes = (rhythm: string, notes: string, root: number) =>
  `export default patch(() => {\n  euclid("${rhythm}", { steps: 8, pulses: 3, trigger: "${rhythm}_hit" });\n  arp("${notes}", { trigger: "${rhythm}_hit", root: ${root}, degrees: [0], gate: 0.2 });\n});\n`;

describe("a name clash between patches at start-up", () => {
  it("refuses the later file with both files named, keeps the clock going, and takes the fixed file", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-clash-"));
    const dir = join(home, "patches");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.ts"), twoNodes("euc", "arp", 60));
    writeFileSync(join(dir, "b.ts"), twoNodes("euc", "arp", 72));
    const said: string[] = [];
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
    const run = (bars: number) => d.session.system.runUntilTick(d.session.system.timeline.now + bars * BAR);
    await run(2);

    const refusal = said.find((t) => t.includes("b.ts"));
    expect(refusal).toMatch(/b\.ts/);
    expect(refusal).toMatch(/"euc".*a\.ts/);
    expect(refusal).toMatch(/not loaded: fix it and save again/); // b.ts has no previous version to keep playing
    expect(refusal).not.toMatch(/previous version keeps playing/);
    expect(d.set.stage.ownerOf("euc")).toBe(join(dir, "a.ts"));
    const early = allNotes(d.session.midi.toSong());
    expect(early.length).toBeGreaterThan(0); // the clock runs and a.ts plays
    expect(early.every((n) => n.pitch < 72)).toBe(true);

    writeFileSync(join(dir, "b.ts"), twoNodes("b_euc", "b_arp", 72));
    const [r] = await d.reload("b.ts");
    expect(r!.ok).toBe(true);
    await run(2);
    const late = allNotes(d.session.midi.toSong()).filter((n) => n.tick >= r!.swapTick!);
    expect(late.some((n) => n.pitch === 72)).toBe(true);
    expect(late.some((n) => n.pitch === 60)).toBe(true);
    await d.quit();
  });

  it("a swap that fails when it acts is reported and the clock keeps going", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-clash-"));
    const dir = join(home, "patches");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.ts"), twoNodes("euc", "arp", 60));
    const said: string[] = [];
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
    // A cue whose action throws (a patch cue with nothing prepared for it).
    d.set.cues.soon({ kind: "patch", file: join(dir, "ghost.ts"), code: "", source: "" });
    await d.session.system.runUntilTick(2 * BAR);
    expect(said.join("\n")).toMatch(/the swap of ghost\.ts failed/);
    expect(d.session.system.timeline.now).toBe(2 * BAR);
    expect(allNotes(d.session.midi.toSong()).some((n) => n.tick >= BAR)).toBe(true);
    await d.quit();
  });
});

describe("a patch folder with no patches", () => {
  it.each([
    [{}, /it is empty/],
    [{ "drums.js": "export default 1;\n" }, /it holds drums\.js.*rename drums\.js to drums\.ts/],
  ])("says what it expected (%o), and the clock runs", async (files, expected) => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-empty-"));
    const dir = join(home, "patches");
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const said: string[] = [];
    const d = await Daemon.start({ dir, clock: "virtual", record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
    expect(said.join("\n")).toMatch(/no patches in .*patches: /);
    expect(said.join("\n")).toMatch(expected);
    expect(said.join("\n")).toMatch(/a \.ts file there whose default export is patch/);
    await d.session.system.runUntilTick(BAR);
    expect(d.session.system.timeline.now).toBe(BAR);
    await d.quit();
  });
});
