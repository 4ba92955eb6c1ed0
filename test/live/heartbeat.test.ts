/** The engine's heartbeat as the supervisor reads it: progress, phase, the acting node, deadlines. */
import { describe, expect, it } from "vitest";
import { DEADLINE_MS, HeartbeatReader, HeartbeatWriter, heartbeatBuffer, Phase } from "../../src/live/engine/heartbeat.ts";
import type { ThreadStat } from "../../src/output/rt-priority.ts";
import { BURN_MS, HARD_CAP_MS, StallJudge } from "../../src/live/engine/stall-judge.ts";

function pair() {
  let now = 1000;
  const named: Array<[number, string]> = [];
  const buffer = heartbeatBuffer();
  const writer = new HeartbeatWriter(buffer, (id, name) => named.push([id, name]), () => now, 4242);
  return { writer, reader: new HeartbeatReader(buffer), named, at: (t: number) => (now = t) };
}

describe("the heartbeat", () => {
  it("counts silence from the last progress and says which thread it is", () => {
    const { writer, reader, at } = pair();
    at(2000);
    writer.instant(960);
    expect(reader.read(2100)).toMatchObject({ silentMs: 100, phase: Phase.Music, tick: 960, aliveAt: 2000, tid: 4242 });
    at(3000);
    writer.enter(Phase.Patch);
    expect(reader.read(3000)).toMatchObject({ silentMs: 0, phase: Phase.Patch, aliveAt: 3000 });
    writer.leave();
    expect(reader.read(3000).phase).toBe(Phase.Idle);
  });

  it("an instant does not hide a REPL line or a patch that is running", () => {
    const { writer, reader } = pair();
    writer.enter(Phase.Repl, 42);
    writer.instant(0);
    expect(reader.read(0).phase).toBe(Phase.Repl);
    expect(reader.read(0).detail).toBe(42);
  });

  it("names the acting node by an id, telling each name once", () => {
    const { writer, reader, named } = pair();
    writer.acting("arp");
    writer.acting("euc");
    writer.acting("arp");
    expect(named).toEqual([[0, "arp"], [1, "euc"]]);
    expect(reader.read(0).node).toBe(0);
    writer.acting(undefined);
    expect(reader.read(0).node).toBe(-1);
  });
});

/** A judge over one engine whose thread's CPU time and state the test sets. */
function judged() {
  const { writer, reader, at } = pair();
  const thread: ThreadStat = { cpuMs: 500, state: "R" };
  let readable = true;
  const judge = new StallJudge((tid) => (readable && tid === 4242 ? { ...thread } : undefined));
  /** Read the heartbeat at `t` after the thread burned `cpu` more ms and is in `state`. */
  const look = (t: number, cpu = 0, state = "R") => {
    thread.cpuMs += cpu;
    thread.state = state;
    return judge.judge(reader.read(t));
  };
  return { writer, at, look, noProc: () => (readable = false) };
}

describe("the stall judge: runaway code or a busy machine", () => {
  it("a loop that burns CPU without coming back is runaway at its phase's deadline", () => {
    const { writer, at, look } = judged();
    at(1000);
    writer.instant(0);
    expect(look(1040, 40)).toBeUndefined();
    expect(look(1060, 20)).toBeUndefined(); // watching from here
    expect(look(1000 + DEADLINE_MS[Phase.Music], 90)).toBeUndefined(); // at the deadline, not past it
    expect(look(1001 + DEADLINE_MS[Phase.Music], 0)).toBe("runaway");
  });

  it("a thread that waits for a CPU is the machine, not the code: no takeover until the hard cap", () => {
    const { writer, at, look } = judged();
    at(1000);
    writer.instant(0);
    expect(look(1060, 0)).toBeUndefined();
    expect(look(1200, BURN_MS - 10)).toBe("slow machine"); // it got a little CPU: not enough for a loop
    expect(look(2000, 0)).toBe("slow machine");
    expect(look(1001 + HARD_CAP_MS, 0)).toBe("runaway");
  });

  it("a beat starts a new silence: CPU burned before it does not count", () => {
    const { writer, at, look } = judged();
    at(1000);
    writer.instant(0);
    expect(look(1060, 0)).toBeUndefined();
    at(1100);
    writer.instant(960); // progress: a new silence
    expect(look(1160, 200)).toBeUndefined(); // CPU burned before watching this silence began
    expect(look(1300, 10)).toBe("slow machine");
    expect(look(1320, BURN_MS)).toBe("runaway");
  });

  it("a thread asleep through the silence is blocked in a synchronous wait: runaway", () => {
    const { writer, at, look } = judged();
    at(1000);
    writer.enter(Phase.Repl, 7);
    expect(look(1060, 0, "S")).toBeUndefined();
    expect(look(1100, 0, "S")).toBeUndefined();
    expect(look(1001 + DEADLINE_MS[Phase.Repl], 0, "S")).toBe("runaway");
  });

  it("without /proc the deadline alone decides", () => {
    const { writer, at, look, noProc } = judged();
    noProc();
    at(1000);
    writer.enter(Phase.Patch);
    expect(look(1000 + DEADLINE_MS[Phase.Patch])).toBeUndefined();
    expect(look(1001 + DEADLINE_MS[Phase.Patch])).toBe("runaway");
  });
});
