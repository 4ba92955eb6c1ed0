import { describe, expect, it } from "vitest";
import { EuclideanRhythmNode, NoteEvent, ParamChangeEvent, System, TriggerEvent } from "../../src/index.ts";
import { virtualSystem, withClock } from "../helpers.ts";

describe("System", () => {
  it("names nodes: their own name, else one derived from the class, made unique", () => {
    const { system } = virtualSystem();
    class TransposeNode {
      async start() {}
    }
    const a = system.add(new TransposeNode());
    const b = system.add(new TransposeNode());
    system.add({ async start() {} }, "custom");
    expect(system.names()).toEqual(["sched", "transpose", "transpose2", "custom"]);
    expect((a as { name?: string }).name).toBe("transpose");
    expect((b as { name?: string }).name).toBe("transpose2");
    expect(() => system.add({ async start() {} }, "custom")).toThrow(/a node named "custom" already exists; nodes: sched, transpose/);
  });

  it("isolates a node whose start() fails: reported, removed, the others keep playing", async () => {
    const { system, bus, problems } = withClock();
    system.add(new EuclideanRhythmNode(bus, { name: "euc" }));
    system.add(
      {
        async start() {
          const sub = await bus.subscribe(TriggerEvent);
          await sub.recv();
          throw new Error("I give up");
        },
      },
      "fragile",
    );
    let hits = 0;
    bus.on(TriggerEvent, () => hits++);
    await system.runFor(2.0);
    expect(problems.map((p) => p.message)).toContain("fragile stopped after an error: I give up");
    expect(system.names()).not.toContain("fragile");
    expect(hits).toBe(4);
  });

  it("stops a built-in node that throws while running, and keeps the rest going", async () => {
    const { system, bus, problems } = withClock();
    const euc = system.add(new EuclideanRhythmNode(bus, { name: "euc" }));
    let notes = 0;
    bus.on(NoteEvent, () => notes++);
    // A custom param setter that explodes once the node is running.
    (euc as unknown as { setParam: (p: string, v: unknown) => void }).setParam = () => {
      throw new Error("broken setter");
    };
    system.start();
    bus.emit(new ParamChangeEvent({ target: "euc", param: "pulses", value: 3 }));
    expect(problems.at(-1)!.message).toBe("euc stopped after an error: broken setter");
    expect(euc.isRunning).toBe(false);
    let ticks = 0;
    bus.on(TriggerEvent, () => ticks++);
    await system.runFor(1.0);
    expect(ticks).toBe(0); // the rhythm is gone…
    expect(system.timeline.now).toBeGreaterThan(0); // …the clock is not
    expect(notes).toBe(0);
  });

  it("reports a ParamChangeEvent aimed at no node, listing the nodes", () => {
    const { system, bus, problems } = withClock();
    system.start();
    bus.emit(new ParamChangeEvent({ target: "arpp", param: "scale", value: "minor" }));
    expect(problems[0]!.message).toBe('no node named "arpp" (param "scale"); nodes: sched, clock');
  });

  it("stop() stops every node and closes the subscriptions of seed-style loops", async () => {
    const { system, bus } = withClock();
    let finallyRan = false;
    system.add(
      {
        async start() {
          const sub = await bus.subscribe(TriggerEvent);
          try {
            for (;;) await sub.recv();
          } finally {
            finallyRan = true;
            await sub.close();
          }
        },
      },
      "listener",
    );
    await system.runFor(0.5);
    const before = bus.receiverCount;
    system.stop();
    await new Promise((r) => setImmediate(r));
    expect(finallyRan).toBe(true);
    expect(bus.receiverCount).toBeLessThan(before);
    expect(bus.receiverCount).toBe(1); // only the system's own watcher of ParamChangeEvents
  });

  it("refuses an unknown clock mode and a negative duration", async () => {
    expect(() => new System({ clock: "atomic" as never })).toThrow(/clock must be "virtual" or "realtime"/);
    await expect(new System().runFor(-1)).rejects.toThrow(/runFor needs seconds ≥ 0/);
  });
});
