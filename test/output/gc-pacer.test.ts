import { describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import { exposeMinorGc, GcPacer, withoutMemoryReducer } from "../../src/output/gc-pacer.ts";

/** A collector that takes `ms` of a fake clock. */
function fake(durations: number[]) {
  let t = 0;
  let runs = 0;
  return {
    clock: () => t,
    collect: () => {
      t += durations[Math.min(runs, durations.length - 1)]!;
      runs++;
    },
    advance: (ms: number) => (t += ms),
    get runs() {
      return runs;
    },
  };
}

describe("GcPacer", () => {
  it("collects at most every everyMs, and only in enough slack", () => {
    const f = fake([1]);
    const gc = new GcPacer(f.collect, { everyMs: 500, slackFactor: 1.5, minSlackMs: 1 });
    gc.warmUp(f.clock, 3); // 1 ms each: needs 1.5 ms of slack from now on
    expect(f.runs).toBe(3);
    expect(gc.slackNeededMs).toBe(1.5);
    f.advance(100);
    expect(gc.maybeCollect(f.clock(), 10, f.clock)).toBe(false); // too soon
    f.advance(500);
    expect(gc.maybeCollect(f.clock(), 1.2, f.clock)).toBe(false); // not enough slack
    expect(gc.maybeCollect(f.clock(), 4, f.clock)).toBe(true);
    expect(gc.maybeCollect(f.clock(), 4, f.clock)).toBe(false); // just did
    expect(gc.stats()).toEqual({ pacedCollections: 4, pacedMaxMs: 1 });
  });

  it("sizes the slack from the typical collection, so one slow one does not stop the pacing", () => {
    const f = fake([1, 1, 1, 6, 1]);
    const gc = new GcPacer(f.collect, { everyMs: 0 });
    gc.warmUp(f.clock, 4);
    expect(gc.stats().pacedMaxMs).toBe(6);
    expect(gc.slackNeededMs).toBeLessThan(3); // not 1.5 × 6
    expect(gc.maybeCollect(f.clock(), 3, f.clock)).toBe(true);
  });

  it("does nothing where V8 gives no collector", () => {
    const gc = new GcPacer(undefined);
    gc.warmUp(() => 0);
    expect(gc.maybeCollect(1000, Infinity, () => 0)).toBe(false);
    expect(gc.stats().pacedCollections).toBe(0);
  });

  it("gets a minor collector from V8 without leaving a global gc in later contexts", async () => {
    const collect = exposeMinorGc();
    expect(typeof collect).toBe("function");
    collect!(); // a scavenge of this thread's heap: must not throw
    const { runInNewContext } = await import("node:vm");
    expect(runInNewContext("typeof gc")).toBe("undefined");
  });
});

describe("withoutMemoryReducer", () => {
  it("creates the worker and turns the reducer back on once it is online or gone", () => {
    const fake = new EventEmitter();
    expect(withoutMemoryReducer(() => fake)).toBe(fake);
    expect(fake.listenerCount("online")).toBe(1);
    fake.emit("online");
    expect(fake.listenerCount("online")).toBe(0);
    expect(() => withoutMemoryReducer(() => { throw new Error("no worker"); })).toThrow(/no worker/);
  });
});
