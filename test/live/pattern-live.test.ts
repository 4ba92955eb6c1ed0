/**
 * A pattern node in the live daemon (virtual clock): a REPL change and a saved patch both come in
 * at the next cycle, a bad string is refused on the REPL line with its column, `.show` draws the
 * cycle heard, and the journal replays every change to the same notes.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allNotes, ParamError, PatternNode, PPQ } from "../../src/index.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { patchOf, patternSet, played } from "./pattern-set.ts";

const BAR = 4 * PPQ;

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

const daemon = (quantize: "bar" | "beat" = "bar") => patternSet(homes, { quantize });

describe("a pattern node live", () => {
  it("drums.pattern = … typed mid-bar comes in at the next bar; .show draws each cycle; the journal replays it", async () => {
    const t = await daemon();
    await t.runTo(BAR + BAR / 2 + 7); // the middle of bar 2
    const drums = t.scope().drums as Record<string, unknown>;
    drums.pattern = "hh*8";
    await t.runTo(BAR + BAR / 2 + 20); // the cue acts at the next free tick
    expect(drums.pattern).toBe("hh*8");
    await t.commands.show!.run("drums", t.out);
    expect(t.out.lines.at(-1)).toBe('drums [2:1] bd bd bd+sd bd  ← "bd*4, ~ sd", from [3:1]: "hh*8"');
    await t.runTo(2 * BAR + 100);
    await t.commands.show!.run("", t.out);
    expect(t.out.lines.at(-1)).toBe('drums [3:1] hh hh hh hh hh hh hh hh  ← "hh*8"');
    await t.runTo(3 * BAR);
    await t.d.quit();
    const notes = t.recorded();
    // Bar 2 plays out as it began; bar 3 is the new pattern, from its first tick.
    expect(played(notes).filter(([tick]) => tick! >= BAR && tick! < 3 * BAR)).toEqual([
      [3840, 36], [4800, 36], [5760, 36], [5760, 38], [6720, 36],
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => [7680 + k * 480, 42]),
    ]);
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"));
    expect(replayed.ended).toBe(true);
    expect(allNotes(replayed.song)).toEqual(notes);
  });

  it("a bad string is refused on the REPL line with its column; nothing is cued and the old pattern plays on", async () => {
    const t = await daemon();
    await t.runTo(BAR / 2);
    const drums = t.scope().drums as Record<string, unknown>;
    let refused: unknown;
    try {
      drums.pattern = "bd*4, [~ sd";
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ParamError);
    expect((refused as Error).message).toBe('drums.pattern: column 12: expected "]" to close the "[" at column 7, found end of pattern\n  bd*4, [~ sd\n             ^');
    await t.runTo(2 * BAR);
    expect(drums.pattern).toBe("bd*4, ~ sd");
    await t.d.quit();
    expect(played(t.recorded()).filter(([tick]) => tick! >= BAR)).toEqual([[3840, 36], [4800, 36], [5760, 36], [5760, 38], [6720, 36]]);
    const journal = readFileSync(join(t.home, "out.journal.jsonl"), "utf8");
    expect(journal).not.toContain('"param":"pattern"');
  });

  it("a saved patch with a new string swaps on the beat but plays it from the next cycle, keeping the node; the replay agrees", async () => {
    const t = await daemon("beat");
    await t.runTo(BAR + 100);
    const before = t.d.session.system.node("drums");
    writeFileSync(t.file, patchOf("cp*2"));
    const [r] = await t.d.reload("drums");
    expect(r!.ok).toBe(true);
    expect(r!.ok && r!.swapTick).toBe(BAR + PPQ); // the next beat: mid-cycle
    await t.runTo(3 * BAR);
    expect(t.d.session.system.node("drums")).toBe(before); // adopted: the same node, its state kept
    expect((before as PatternNode).source).toEqual({ playing: "cp*2", waiting: undefined });
    await t.d.quit();
    const notes = t.recorded();
    expect(played(notes).filter(([tick]) => tick! >= BAR && tick! < 3 * BAR)).toEqual([
      [3840, 36], [4800, 36], [5760, 36], [5760, 38], [6720, 36], // bar 2 as it began, though the swap came at its second beat
      [7680, 39], [9600, 39],
    ]);
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"));
    expect(allNotes(replayed.song)).toEqual(notes);
  });

  it("a saved patch with a bad string is refused with the patch's line and the pattern's column; the old one plays on", async () => {
    const t = await daemon();
    await t.runTo(BAR / 2);
    writeFileSync(t.file, patchOf("bd*4, ~ sdd"));
    const [r] = await t.d.reload("drums");
    expect(r!.ok).toBe(false);
    expect(r!.error).toMatch(/drums\.ts:2:\d+/);
    expect(r!.error).toContain('drums.pattern: column 9: "sdd" is not a drum name or a note name');
    await t.runTo(2 * BAR);
    await t.d.quit();
    expect(played(t.recorded()).filter(([tick]) => tick! >= BAR)).toEqual([[3840, 36], [4800, 36], [5760, 36], [5760, 38], [6720, 36]]);
  });

  it(".show with a name that is no pattern says which are", async () => {
    const t = await daemon();
    await t.runTo(BAR);
    await t.commands.show!.run("drumz", t.out);
    expect(t.out.errors).toEqual(['no pattern named "drumz"; patterns: drums']);
    await t.d.quit();
  });
});
