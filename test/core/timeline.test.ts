import { describe, expect, it } from "vitest";
import { Timeline } from "../../src/core/timeline.ts";

describe("Timeline", () => {
  it("fires timers in tick order, and same-tick timers in the order they were set", async () => {
    const tl = new Timeline();
    const seen: string[] = [];
    tl.at(20, () => seen.push("c"));
    tl.at(10, () => seen.push("a"));
    tl.at(10, () => seen.push("b"));
    await tl.runUntil(100);
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("uses half-open windows: a timer on a boundary fires once, in the later window", async () => {
    const tl = new Timeline();
    const fired: number[] = [];
    for (const t of [0, 480, 960, 1440]) tl.at(t, () => fired.push(t));
    await tl.runUntil(960);
    expect(fired).toEqual([0, 480]);
    await tl.runUntil(960);
    expect(fired).toEqual([0, 480]);
    await tl.runUntil(1441);
    expect(fired).toEqual([0, 480, 960, 1440]);
  });

  it("fires timers set for the current tick during that tick, and late timers at once", async () => {
    const tl = new Timeline();
    const fired: Array<[string, number]> = [];
    tl.at(100, () => {
      tl.at(100, () => fired.push(["same", tl.now]));
      tl.at(50, () => fired.push(["late", tl.now]));
    });
    await tl.runUntil(1000);
    expect(fired).toEqual([
      ["same", 100],
      ["late", 100],
    ]);
    expect(tl.lateTimers).toBe(1);
  });

  it("lets async sleepers run at their instant before time moves on", async () => {
    const tl = new Timeline();
    const log: string[] = [];
    void (async () => {
      await tl.sleepUntil(10);
      log.push(`woke at ${tl.now}`);
      await Promise.resolve();
      log.push(`still at ${tl.now}`);
    })();
    tl.at(11, () => log.push("next instant"));
    await tl.runUntil(100);
    expect(log).toEqual(["woke at 10", "still at 10", "next instant"]);
  });

  it("cancels timers and ends at the window's end", async () => {
    const tl = new Timeline();
    let fired = false;
    const cancel = tl.at(5, () => (fired = true));
    cancel();
    await tl.runUntil(50);
    expect(fired).toBe(false);
    expect(tl.now).toBe(50);
  });
});
