import { describe, expect, it } from "vitest";
import { SpinGuard } from "../../../src/output/synth/spin-guard.ts";

/** Threads whose CPU time the test sets, and a record of those put back to normal. */
function threads(cpu: Record<number, number>) {
  const demoted: number[] = [];
  const cpuMs = (tid: number) => cpu[tid];
  return { cpu, demoted, cpuMs, demote: (tid: number) => (demoted.push(tid), true) };
}

describe("SpinGuard: no promoted thread keeps a core", () => {
  it("puts back a thread that used nearly all of the second, and only that one", () => {
    const t = threads({ 1: 100, 2: 100, 3: 100 });
    const guard = new SpinGuard([1, 2, 3], t.cpuMs, t.demote);
    t.cpu[1] = 100 + 990; // spinning
    t.cpu[2] = 100 + 300; // busy, but sleeping too (an audio render thread at work)
    t.cpu[3] = 100 + 880; // under 90 %
    expect(guard.check(1000)).toEqual([1]);
    expect(t.demoted).toEqual([1]);
    expect(guard.watched).toEqual([2, 3]);
  });

  it("weighs each second on its own: a busy start is not counted against a later second", () => {
    const t = threads({ 1: 0 });
    const guard = new SpinGuard([1], t.cpuMs, t.demote);
    t.cpu[1] = 800;
    expect(guard.check(1000)).toEqual([]);
    t.cpu[1] = 800 + 850;
    expect(guard.check(1000)).toEqual([]);
    t.cpu[1] = 1650 + 960;
    expect(guard.check(1000)).toEqual([1]);
  });

  it("forgets a thread that ended, and does not judge a span too short to measure", () => {
    const t = threads({ 1: 0, 2: 0 });
    const guard = new SpinGuard([1, 2], t.cpuMs, t.demote);
    delete t.cpu[1];
    t.cpu[2] = 100;
    expect(guard.check(100)).toEqual([]); // 100 ms of 100: one /proc step of doubt, no verdict
    expect(guard.watched).toEqual([2]);
  });
});
