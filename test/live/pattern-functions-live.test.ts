/**
 * The pattern functions live (virtual clock): a REPL line with a transformation comes in at the
 * next cycle, the journal keeps its code and replay plays the same notes, a standby following the
 * journal holds the same pattern; what the journal could not keep, or a mistake, is refused on
 * the line while the old pattern plays on; a patch uses them (closures too); Tab knows them.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allNotes, PatternNode, PPQ } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { Standby } from "../../src/live/engine/standby.ts";
import { readJournal } from "../../src/live/journal.ts";
import { complete } from "../../src/live/repl/complete.ts";
import { ReplEvaluator } from "../../src/live/repl/evaluator.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { patternSet, played } from "./pattern-set.ts";

const BAR = 4 * PPQ;
const BD = 36;
const SD = 38;
const CP = 39;

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A set whose REPL evaluates lines as the engine does, with the performer's scope. */
async function withRepl(patch?: string) {
  const t = await patternSet(homes, patch === undefined ? {} : { patch });
  const repl = new ReplEvaluator(t.scope, { nodes: () => t.d.patchNodes() });
  const type = async (line: string) => {
    const r = await repl.evaluate(line, () => t.d.noteLine(line));
    return r.error ?? r.value;
  };
  const journal = () => readFileSync(join(t.home, "out.journal.jsonl"), "utf8");
  return { ...t, repl, type, journal };
}

describe("the pattern functions in the REPL", () => {
  it("drums.pattern = every(3, (p) => ply(2, p), …) typed mid-bar comes in at the next bar; the journal keeps its code; replay agrees", async () => {
    const t = await withRepl();
    await t.runTo(BAR + BAR / 2 + 7); // the middle of bar 2
    const shown = await t.type('drums.pattern = every(3, (p) => ply(2, p), "bd ~ sd ~")');
    expect(String(shown)).toBe('every(3, (p) => ply(2, p), "bd ~ sd ~")');
    await t.runTo(BAR + BAR / 2 + 20);
    await t.commands.show!.run("drums", t.out);
    expect(t.out.lines.at(-1)).toBe('drums [2:1] bd bd bd+sd bd  ← "bd*4, ~ sd", from [3:1]: every(3, (p) => ply(2, p), "bd ~ sd ~")');
    // A REPL variable is written as its value.
    await t.runTo(2 * BAR + 100);
    expect(await t.type("const k = 4; drums.velocity = range(0.5, 1, segment(k, saw))")).toBeDefined();
    await t.runTo(5 * BAR);
    await t.d.quit();

    const notes = t.recorded();
    expect(played(notes).filter(([tick]) => tick! >= BAR && tick! < 5 * BAR)).toEqual([
      [3840, BD], [4800, BD], [5760, BD], [5760, SD], [6720, BD], // bar 2 plays out as it began
      [7680, BD], [9600, SD], // cycle 2: as written
      [11520, BD], [12000, BD], [13440, SD], [13920, SD], // cycle 3: plied
      [15360, BD], [17280, SD],
    ]);
    expect(notes.filter((n) => n.tick >= 3 * BAR).map((n) => n.velocity)).toEqual([64, 64, 95, 95, 64, 95]);
    const entries = t.journal().split("\n").filter((l) => l.includes('"kind":"param"'));
    expect(entries.map((l) => JSON.parse(l).value)).toEqual([
      { pattern: 'every(3, (p) => ply(2, p), "bd ~ sd ~")' },
      { pattern: "range(0.5, 1, segment(4, saw))" },
    ]);
    const replayPath = join(t.home, "replay.mid");
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"), { outPath: replayPath });
    expect(allNotes(replayed.song)).toEqual(notes);
    expect(readFileSync(replayPath).equals(readFileSync(join(t.home, "out.mid")))).toBe(true);
  });

  it("refuses on the line, naming what was wrong and what is valid; nothing is cued and the old pattern plays on", async () => {
    const t = await withRepl();
    await t.runTo(BAR / 2);
    const refusals = [
      await t.type('drums.pattern = fast("x", "bd sd")'),
      await t.type('drums.pattern = evry(2, rev, "bd sd")'),
      await t.type('drums.pattern = fast(2, "bd [sd")'),
      await t.type('drums.pattern = fast(2, "bd sdd")'),
      await t.type('drums.pattern = mini("bd sd").withValue((v) => v)'),
      await t.type('let calls = 0; drums.pattern = every(1, (p) => fast(++calls, p), "bd")'),
      await t.type('drums.pattern = "bd sd".fast(2)'),
    ];
    expect(refusals).toEqual([
      'PatternError: fast: the factor: column 1: "x" is not a number: the factor is a number or a pattern of numbers ("<1 2>")\n  x\n  ^',
      expect.stringMatching(/^ReferenceError: evry is not defined; did you mean "every"\? \(nodes: drums;/),
      'PatternError: fast: the pattern: column 7: expected "]" to close the "[" at column 4, found end of pattern\n  bd [sd\n        ^',
      expect.stringMatching(/^ParamError: drums\.pattern: column 4: "sdd" is not a drum name or a note name; did you mean "sd" or "sd2"\?.*\n {2}bd sdd\n {5}\^$/),
      expect.stringMatching(/^ParamError: drums\.pattern: this pattern was made in code \(a Pattern method such as withValue, or new Pattern\), so the journal could not play it again; write it with the pattern functions \(fast, every, rev …\), numbers, "mini-notation" and functions of a pattern \(\(p\) => ply\(2, p\)\), or make it in a patch$/),
      expect.stringMatching(/^ParamError: drums\.pattern: every\(1, \(p\) => fast\(1, p\), "bd"\) plays differently from the pattern given \(cycle 0\)/),
      'TypeError: "bd sd".fast is not a function: the pattern functions take the pattern last, as in Tidal: fast(…, "bd sd"), e.g. fast(2, "bd sd")',
    ]);
    await t.runTo(2 * BAR);
    expect(t.scope().drums).toMatchObject({ pattern: "bd*4, ~ sd" });
    await t.d.quit();
    expect(played(t.recorded()).filter(([tick]) => tick! >= BAR)).toEqual([[3840, BD], [4800, BD], [5760, BD], [5760, SD], [6720, BD]]);
    expect(t.journal()).not.toContain('"kind":"param"');
  });

  it("Tab completes the pattern functions' names", async () => {
    const t = await withRepl();
    const sources = { names: () => t.repl.names(), extra: () => [], commands: () => [], lookup: (path: string) => t.repl.lookup(path) };
    expect(complete("drums.pattern = ev", sources)[0]).toContain("every");
    expect(complete("drums.pattern = every(2, re", sources)[0]).toContain("rev");
    expect(complete("drums.pattern = sometimesBy(0.5, pl", sources)[0]).toContain("ply");
    await t.d.quit();
  });

  it("a standby following the journal holds the pattern the REPL gave, so a takeover plays it on", async () => {
    const t = await withRepl();
    await t.runTo(BAR / 2);
    await t.type('drums.pattern = off(0.25, (p) => fast(2, p), "cp ~")');
    await t.runTo(2 * BAR);
    const standby = await Daemon.start({ dir: t.d.dir, clock: "virtual", bpm: 120, seed: 9, standby: true, journal: false, claim: false, watch: false, record: join(t.home, "standby.mid") });
    await new Standby(standby).follow(readJournal(join(t.home, "out.journal.jsonl")).entries, 2 * BAR);
    const mine = t.d.session.system.node("drums") as PatternNode;
    const its = standby.session.system.node("drums") as PatternNode;
    expect(its.code.playing).toBe('off(0.25, (p) => fast(2, p), "cp ~")');
    for (const cycle of [2, 3, 40]) expect(its.cycleOnsets(cycle)).toEqual(mine.cycleOnsets(cycle));
    // cp, and a copy a quarter later played twice as fast: onsets at 0, 1/8 and 5/8.
    expect(mine.cycleOnsets(2).map((e) => e.begin.toString())).toEqual(["2", "17/8", "21/8"]);
    await standby.quit();
    await t.d.quit();
    expect(played(t.recorded()).filter(([tick]) => tick! >= BAR)).toEqual([[3840, CP], [4320, CP], [6240, CP]]);
  });
});

describe("the pattern functions in a patch", () => {
  /** A patch whose drums play `swap` for sd in even cycles: a closure, which has no code. */
  const swapping = (swap: string) => `export default patch(() => {
  pattern("drums", every(2, (p) => p.withValue((v) => (v === "sd" ? "${swap}" : v)), "bd sd"), { velocity: range(0.5, 1, "0 1") });
});
`;

  it("a patch plays them (a closure too: patches are journaled as their source); a saved edit of the closure comes in; replay agrees", async () => {
    const t = await withRepl(swapping("cp"));
    await t.runTo(2 * BAR + 100);
    writeFileSync(t.file, swapping("rim"));
    expect((await t.d.reload("drums"))[0]!.ok).toBe(true);
    await t.runTo(5 * BAR);
    await t.d.quit();
    const notes = t.recorded();
    const RIM = 37;
    // The swap lands on the next bar line (cycle 3, odd: sd as written); cycle 4 swaps in rim. The
    // edit is taken though the two closures look alike to JSON (neither has code).
    expect(notes.map((n) => [n.tick, n.pitch, n.velocity])).toEqual([
      [0, BD, 64], [1920, CP, 127], [3840, BD, 64], [5760, SD, 127], [7680, BD, 64], [9600, CP, 127],
      [11520, BD, 64], [13440, SD, 127], [15360, BD, 64], [17280, RIM, 127],
    ]);
    const replayed = await replayJournal(join(t.home, "out.journal.jsonl"));
    expect(allNotes(replayed.song)).toEqual(notes);
  });
});
