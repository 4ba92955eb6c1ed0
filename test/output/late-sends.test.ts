import { describe, expect, it } from "vitest";
import { LATE_MS, LateSends } from "../../src/output/late-sends.ts";

describe("LateSends", () => {
  it("counts nothing for a send within LATE_MS", () => {
    const l = new LateSends();
    l.sending(100, 100 + LATE_MS, { from: 99.6, overrunMs: 0 });
    l.sending(100, 100.05);
    expect(l.causes).toEqual({ wokeLate: 0, lostCpuWhileSpinning: 0, ownWork: 0 });
  });

  it("tells the machine's delays from the thread's own", () => {
    const l = new LateSends();
    // Spinning from before its time, a stretch overran: the CPU was taken away.
    l.sending(100, 100.5, { from: 99.6, overrunMs: 0.45 });
    // Spinning from before its time, no stretch overran: the spin misjudged the time, its own doing.
    l.sending(150, 150.2, { from: 149.6, overrunMs: 0.001 });
    // Asleep until after its time: woke late.
    l.woke(200.8);
    l.sending(200, 200.9);
    // Awake before its time, then busy past it (a collection, an event-loop turn).
    l.woke(299);
    l.sending(300, 301.5);
    // Came to the spin only after the time, having woken in time: its own work too.
    l.sending(400, 400.3, { from: 400.2, overrunMs: 0 });
    expect(l.causes).toEqual({ wokeLate: 1, lostCpuWhileSpinning: 1, ownWork: 3 });
  });
});
