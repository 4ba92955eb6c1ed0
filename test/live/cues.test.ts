/**
 * The cue sheet on its own, in virtual time: a cue acts at its tick before that tick's music, is
 * journaled with the tick it acted at, lands on the next free tick when asked for a past one, and
 * a cue that fails is reported without stopping the clock.
 */
import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/core/time.ts";
import { CueSheet, describeCue, type Cue } from "../../src/live/cues.ts";
import { virtualSystem } from "../helpers.ts";

function setUp(act: (cue: Cue, tick: number) => void = () => {}) {
  const s = virtualSystem();
  /** What happened, in order: journal entries, acts and the music's own timers. */
  const log: string[] = [];
  const journal: Array<{ cue: Cue; tick: number }> = [];
  const cues = new CueSheet(
    s.system,
    (cue, tick) => {
      log.push(`act ${describeCue(cue)} @${tick}`);
      act(cue, tick);
    },
    (cue, tick) => {
      log.push(`journal ${describeCue(cue)} @${tick}`);
      journal.push({ cue, tick });
    },
  );
  /** A music timer at `tick` (default priority, as a node's note). */
  const music = (tick: number, what = "note") => s.system.timeline.at(tick, () => log.push(`${what} @${s.system.timeline.now}`));
  return { ...s, cues, log, journal, music };
}

const mute = (node: string): Cue => ({ kind: "mute", node });

describe("CueSheet", () => {
  it("acts at its tick before that tick's music, even music scheduled first, and is journaled as it acts", async () => {
    const t = setUp();
    t.music(PPQ);
    t.music(PPQ - 1, "before");
    t.cues.at(PPQ, mute("arp"));
    t.music(PPQ + 1, "after");
    expect(t.journal).toEqual([]); // nothing is journaled before it acts
    await t.system.runUntilTick(2 * PPQ);
    expect(t.log).toEqual([`before @${PPQ - 1}`, `journal .mute arp @${PPQ}`, `act .mute arp @${PPQ}`, `note @${PPQ}`, `after @${PPQ + 1}`]);
    expect(t.journal).toEqual([{ cue: mute("arp"), tick: PPQ }]);
  });

  it("runs `then` after the cue acted", async () => {
    const t = setUp();
    t.cues.at(PPQ, { kind: "panic" }, () => t.log.push("then"));
    await t.system.runUntilTick(PPQ); // half-open: tick PPQ is not reached yet
    expect(t.log).toEqual([]);
    await t.system.runUntilTick(PPQ + 1);
    expect(t.log).toEqual([`journal panic @${PPQ}`, `act panic @${PPQ}`, "then"]);
  });

  it("between windows, the next free tick is now: a cue for a past tick acts there", async () => {
    const t = setUp();
    await t.system.runUntilTick(1000);
    expect(t.cues.nextFreeTick).toBe(1000);
    t.cues.at(200, mute("late"));
    t.cues.soon(mute("soon"));
    await t.system.runUntilTick(2000);
    expect(t.journal).toEqual([
      { cue: mute("late"), tick: 1000 },
      { cue: mute("soon"), tick: 1000 },
    ]);
    expect(t.system.timeline.lateTimers).toBe(0); // it was moved to the free tick, not fired late
  });

  it("while an instant is played, the next free tick is the next tick: its own timers are taken", async () => {
    const t = setUp();
    let during: number | undefined;
    t.system.timeline.at(480, () => {
      during = t.cues.nextFreeTick;
      t.cues.soon(mute("soon"));
      t.cues.at(100, mute("past"));
      t.cues.at(480, mute("now"));
      t.cues.at(600, mute("ahead"));
    });
    t.music(481);
    await t.system.runUntilTick(1000);
    expect(during).toBe(481);
    expect(t.journal.map((j) => `${describeCue(j.cue)} @${j.tick}`)).toEqual([
      ".mute soon @481",
      ".mute past @481",
      ".mute now @481",
      ".mute ahead @600",
    ]);
    // and still before the music of tick 481
    expect(t.log.indexOf("note @481")).toBeGreaterThan(t.log.indexOf("act .mute now @481"));
  });

  it("a cue that fails is reported, journaled, and the clock and the later cues go on", async () => {
    const t = setUp((cue) => {
      if (cue.kind === "param") throw new Error("no such knob");
    });
    let thenRan = false;
    t.cues.at(PPQ, { kind: "param", target: "arp", param: "gate", value: 0.5 }, () => (thenRan = true));
    t.cues.at(2 * PPQ, mute("arp"));
    t.music(PPQ + 1);
    await t.system.runUntilTick(3 * PPQ);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ kind: "cue", message: 'arp.gate = 0.5 failed: no such knob' });
    expect((t.problems[0]!.error as Error).message).toBe("no such knob");
    expect(thenRan).toBe(true);
    expect(t.journal.map((j) => j.tick)).toEqual([PPQ, 2 * PPQ]);
    expect(t.log).toContain(`note @${PPQ + 1}`);
    expect(t.log).toContain(`act .mute arp @${2 * PPQ}`);
    expect(t.system.timeline.now).toBe(3 * PPQ);
  });

  it("a cue cancelled before it acts is neither acted nor journaled; cancelling after is harmless", async () => {
    const t = setUp();
    const cancelFirst = t.cues.at(PPQ, mute("a"), () => t.log.push("then a"));
    const cancelSecond = t.cues.at(PPQ, mute("b"));
    cancelFirst();
    await t.system.runUntilTick(2 * PPQ);
    cancelSecond();
    expect(t.log).toEqual([`journal .mute b @${PPQ}`, `act .mute b @${PPQ}`]);
  });

  it("note() journals at the next free tick and does nothing else", async () => {
    const t = setUp();
    await t.system.runUntilTick(700);
    t.cues.note({ kind: "repl", line: "arp.gate = 0.5" });
    expect(t.journal).toEqual([{ cue: { kind: "repl", line: "arp.gate = 0.5" }, tick: 700 }]);
    t.system.timeline.at(900, () => t.cues.note({ kind: "repl", line: ".panic" }));
    await t.system.runUntilTick(2000);
    expect(t.journal.at(-1)).toEqual({ cue: { kind: "repl", line: ".panic" }, tick: 901 });
    expect(t.log.filter((l) => l.startsWith("act"))).toEqual([]);
  });

  it("works with no journal", async () => {
    const s = virtualSystem();
    const acted: number[] = [];
    new CueSheet(s.system, (_, tick) => acted.push(tick)).at(PPQ, { kind: "end" });
    await s.system.runUntilTick(2 * PPQ);
    expect(acted).toEqual([PPQ]);
  });
});

describe("describeCue: a cue in the performer's words", () => {
  it.each<[Cue, string]>([
    [{ kind: "param", target: "arp", param: "scale", value: "minor" }, 'arp.scale = "minor"'],
    [{ kind: "param", target: "euc", param: "pulses", value: 5 }, "euc.pulses = 5"],
    [{ kind: "tempo", bpm: 128 }, "bpm(128)"],
    [{ kind: "tempo", bpm: 97.5 }, "bpm(97.5)"],
    [{ kind: "patch", file: "/home/me/set/patches/basic.ts", code: "", source: "" }, "the swap of basic.ts"],
    [{ kind: "unload", file: "/home/me/set/patches/basic.ts" }, "the removal of basic.ts"],
    [{ kind: "mute", node: "arp" }, ".mute arp"],
    [{ kind: "unmute", node: "arp" }, ".unmute arp"],
    [{ kind: "unmute" }, ".unmute"],
    [{ kind: "solo", nodes: ["arp", "bass"] }, ".solo arp bass"],
    [{ kind: "panic" }, "panic"],
    [{ kind: "prelude", code: "" }, "prelude"],
    [{ kind: "end" }, "end"],
    [{ kind: "repl", line: "bpm(90)" }, "repl"],
    [{ kind: "takeover", node: "loop", reason: "runaway" }, "takeover"],
  ])("%j → %s", (cue, words) => {
    expect(describeCue(cue)).toBe(words);
  });
});
