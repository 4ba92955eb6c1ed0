/**
 * A pattern node in the real daemon, its REPL on a pipe: a new pattern typed mid-bar is heard from
 * the next bar line, `.show` draws the cycle, a bad string is refused with its column while the
 * old pattern plays on, a transformation (every … ply) comes in at the next bar line too and is
 * journaled as its code (across the engine thread), and the journal replays the set into the same
 * file byte for byte. About 9 s of music at 240 bpm (one bar = 1 s).
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf } from "../../src/index.ts";
import { readJournal } from "../../src/live/journal.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { validateSmf } from "../midi/smf-validator.ts";
import { makeHome, startDaemon } from "./launcher.ts";

const BAR = 4 * PPQ;
const CLAP = 39;
const KICK = 36;

describe("a pattern in the live daemon", () => {
  it("drums.pattern = … comes in at the next bar; .show; a bad string is refused; a transformation too; the journal replays it", async () => {
    const { home } = makeHome("pattern", { "drums.ts": `export default patch(() => {\n  pattern("drums", "bd*4, ~ sd");\n});\n` });
    const d = startDaemon(home, ["--bpm", "240", "--seed", "2", "--no-socket", "--no-audio"]);
    try {
      await d.waitFor(/drums\.ts: \+drums/);
      await new Promise((r) => setTimeout(r, 1300)); // into the second bar
      d.send(`drums.pattern = "cp*2, bd*4"`);
      await d.waitFor(/'cp\*2, bd\*4'/);
      d.send(".show drums");
      const shown = await d.waitFor(/^drums \[(\d+):1\] bd bd bd\+sd bd {2}← "bd\*4, ~ sd", from \[(\d+):1\]: "cp\*2, bd\*4"$/m);
      expect(Number(shown[2])).toBe(Number(shown[1]) + 1);
      d.send(`drums.pattern = "cp*2, bd*4 [sd"`);
      await d.waitFor(/column 15: expected "\]" to close the "\[" at column 12, found end of pattern\n {2}cp\*2, bd\*4 \[sd\n {16}\^/);
      await new Promise((r) => setTimeout(r, 2200)); // the new pattern for two bars
      d.send(`drums.pattern = every(2, (p) => ply(2, p), "cp*2, bd*2")`);
      await d.waitFor(/^every\(2, \(p\) => ply\(2, p\), "cp\*2, bd\*2"\)$/m);
      await new Promise((r) => setTimeout(r, 3200)); // the rest of the bar it was typed in, and two bars of it
      d.send(".quit");
      expect(await d.exited).toBe(0);
    } finally {
      d.kill();
    }

    const bytes = readFileSync(join(home, "set.mid"));
    expect(validateSmf(bytes).problems).toEqual([]);
    const notes = allNotes(readSmf(bytes));
    const claps = notes.filter((n) => n.pitch === CLAP);
    expect(claps.length).toBeGreaterThanOrEqual(2);

    // The transformation: journaled as its code, heard from the next bar line — plied claps in even
    // cycles, as written in odd ones, two kicks a bar instead of four.
    const cue = readJournal(join(home, "set.journal.jsonl")).entries.find((e) => e.kind === "param" && typeof e.value === "object")!;
    expect(cue).toMatchObject({ target: "drums", param: "pattern", value: { pattern: 'every(2, (p) => ply(2, p), "cp*2, bd*2")' } });
    const from = Math.ceil(cue.tick / BAR);
    const inCycle = (pitch: number, cycle: number) => notes.filter((n) => n.pitch === pitch && n.tick >= cycle * BAR && n.tick < (cycle + 1) * BAR).map((n) => n.tick - cycle * BAR);
    const plied = [0, PPQ, 2 * PPQ, 3 * PPQ];
    const written = [0, 2 * PPQ];
    expect(inCycle(KICK, from - 1)).toEqual(plied);
    expect(inCycle(CLAP, from - 1)).toEqual(written);
    for (const cycle of [from, from + 1]) {
      expect(inCycle(CLAP, cycle)).toEqual(cycle % 2 === 0 ? plied : written);
      expect(inCycle(KICK, cycle)).toEqual(cycle % 2 === 0 ? plied : written);
    }
    // The first clap opens a bar, the snare played until then, and no snare after it.
    const first = Math.min(...claps.map((n) => n.tick));
    expect(first % BAR).toBe(0);
    expect(first).toBeGreaterThanOrEqual(2 * BAR);
    expect(notes.some((n) => n.pitch === 38 && n.tick < first)).toBe(true);
    expect(notes.some((n) => n.pitch === 38 && n.tick >= first)).toBe(false);
    expect(notes.every((n) => n.channel === 9)).toBe(true);

    const replayPath = join(home, "replay.mid");
    const replayed = await replayJournal(join(home, "set.journal.jsonl"), { outPath: replayPath });
    expect(replayed.ended).toBe(true);
    expect(allNotes(replayed.song)).toEqual(notes);
    expect(readFileSync(replayPath).equals(bytes)).toBe(true);
    rmSync(home, { recursive: true, force: true });
  }, 40_000);
});
