import { describe, expect, it } from "vitest";
import { EventBus, NoteEvent, TriggerEvent, ValueEvent, BusEvent, ErrorEvent, System, type Problem } from "../../src/index.ts";
import { loopMembers } from "../../src/core/bus.ts";
import { SubscriptionClosed } from "../../src/core/subscription.ts";

const note = (pitch: number, extra: object = {}) => new NoteEvent({ pitch, velocity: 0.5, gateBeats: 1, ...extra });

function quietBus(options: { queueCapacity?: number } = {}) {
  const problems: Problem[] = [];
  return { bus: new EventBus({ logger: (p) => problems.push(p), ...options }), problems };
}

describe("EventBus delivery", () => {
  it("delivers to every subscriber of the type (and of its base type), in subscription order", () => {
    const { bus } = quietBus();
    const seen: string[] = [];
    bus.on(TriggerEvent, () => seen.push("first"));
    bus.on(BusEvent, (ev) => seen.push(`any:${ev.kind}`));
    bus.on(ValueEvent, () => seen.push("value"));
    bus.on(TriggerEvent, () => seen.push("second"));
    bus.emit(new TriggerEvent({ name: "x" }));
    expect(seen).toEqual(["first", "any:TriggerEvent", "second"]);
  });

  it("stamps the source node, the current tick, and lets a reply inherit the tick of what it answers", () => {
    const { bus } = quietBus();
    const notes: NoteEvent[] = [];
    bus.on(TriggerEvent, () => bus.emit(note(60)), { node: "arp" });
    bus.on(NoteEvent, (n) => notes.push(n));
    bus.emit(new TriggerEvent({ name: "hit", tick: 480 }));
    expect(notes[0]!.source).toBe("arp");
    expect(notes[0]!.tick).toBe(480);
    expect(notes[0]!.route).toEqual(["user", "arp"]);
  });

  it("filters by source node, stream and predicate", () => {
    const { bus } = quietBus();
    const got: number[] = [];
    bus.on(NoteEvent, (n) => got.push(n.pitch), { from: "arp", stream: "lead", where: (n) => n.pitch > 60 });
    bus.on(TriggerEvent, () => bus.emit(note(62, { stream: "lead" })), { node: "arp" });
    bus.on(TriggerEvent, () => bus.emit(note(64, { stream: "lead" })), { node: "other" });
    bus.on(TriggerEvent, () => bus.emit(note(59, { stream: "lead" })), { node: "arp" });
    bus.on(TriggerEvent, () => bus.emit(note(65, { stream: "pad" })), { node: "arp" });
    bus.emit(new TriggerEvent({ name: "go" }));
    expect(got).toEqual([62]);
  });

  it("isolates a throwing handler: it is reported by name and the others still get the event", () => {
    const { bus, problems } = quietBus();
    const seen: string[] = [];
    bus.on(TriggerEvent, () => {
      throw new Error("kaboom");
    }, { node: "broken" });
    bus.on(TriggerEvent, () => seen.push("ok"));
    bus.emit(new TriggerEvent({ name: "t" }));
    expect(seen).toEqual(["ok"]);
    expect(problems[0]).toMatchObject({ kind: "handler", node: "broken" });
    expect(problems[0]!.message).toContain("kaboom");
  });

  it("publishes every reported problem as an ErrorEvent", () => {
    const { bus } = quietBus();
    const errors: ErrorEvent[] = [];
    bus.on(ErrorEvent, (e) => errors.push(e));
    bus.report({ kind: "param", node: "arp", message: "nope" });
    expect(errors.map((e) => [e.errorKind, e.node, e.message])).toEqual([["param", "arp", "nope"]]);
  });

  it("shows a repeating problem the 1st, 10th and 100th time, with its count", () => {
    const { bus, problems } = quietBus();
    for (let i = 0; i < 150; i++) bus.report({ kind: "midi", message: "bad note" }, "k");
    expect(problems.map((p) => p.message)).toEqual(["bad note", "bad note (10 times so far)", "bad note (100 times so far)"]);
  });

  it("re-publishing an event sends a fresh copy, leaving the original's stamp alone", () => {
    const { bus } = quietBus();
    const got: NoteEvent[] = [];
    bus.on(NoteEvent, (n) => got.push(n));
    const n = note(60);
    bus.emit(n);
    bus.on(TriggerEvent, () => bus.emit(n), { node: "echo" });
    bus.emit(new TriggerEvent({ name: "again" }));
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(n);
    expect(got[1]).not.toBe(n);
    expect([got[0]!.source, got[1]!.source]).toEqual(["user", "echo"]);
  });
});

describe("EventBus feedback loops", () => {
  it("stops a node that answers its own events at one instant, names the loop, and reports it once", () => {
    const { bus, problems } = quietBus();
    let handled = 0;
    bus.on(NoteEvent, (n) => {
      handled++;
      bus.emit(note(n.pitch + 1));
    }, { node: "transpose" });
    bus.emit(note(0));
    bus.emit(note(0));
    expect(handled).toBe(bus.hopLimit * 2);
    expect(bus.loopsDropped).toBe(2);
    const loops = problems.filter((p) => p.kind === "loop");
    expect(loops).toHaveLength(1);
    expect(loops[0]!.message).toContain("transpose → transpose");
  });

  it("names every node of a longer cycle", () => {
    expect(loopMembers(["clock", "euc", "a", "b", "c", "a", "b", "c"])).toEqual(["a", "b", "c"]);
    const { bus, problems } = quietBus();
    bus.on(TriggerEvent, (t) => bus.emit(new ValueEvent({ name: "v", value: t.value })), { node: "a" });
    bus.on(ValueEvent, (v) => bus.emit(new TriggerEvent({ name: "t", value: v.value })), { node: "b" });
    bus.emit(new TriggerEvent({ name: "start" }));
    expect(problems.find((p) => p.kind === "loop")!.message).toMatch(/feedback loop: (a → b|b → a) → (a|b)/);
  });

  it("allows feedback across time: an echo that re-triggers itself later is not a loop", async () => {
    const system = new System({ logger: () => {} });
    const { bus } = system;
    let echoes = 0;
    bus.on(TriggerEvent, (t) => {
      echoes++;
      const next = new TriggerEvent({ name: "echo", tick: (t.tick ?? 0) + 240 });
      bus.timeline.at(next.tick!, () => bus.emit(next));
    }, { node: "echo", where: (t) => t.name === "echo" });
    bus.emit(new TriggerEvent({ name: "echo", tick: 0 }));
    await system.runUntilTick(240 * 100);
    expect(echoes).toBe(100);
    expect(bus.loopsDropped).toBe(0);
  });
});

describe("Subscriptions (seed-style async nodes)", () => {
  it("recv() waits for an event, for-await iterates, close() ends the loop", async () => {
    const { bus } = quietBus();
    const sub = await bus.subscribe(TriggerEvent);
    const first = sub.recv();
    bus.emit(new TriggerEvent({ name: "a" }));
    expect((await first).name).toBe("a");
    bus.emit(new TriggerEvent({ name: "b" }));
    bus.emit(new TriggerEvent({ name: "c" }));
    const names: string[] = [];
    const loop = (async () => {
      for await (const ev of sub) names.push(ev.name);
    })();
    await new Promise((r) => setImmediate(r)); // let the loop drain the queue
    await sub.close();
    await loop;
    expect(names).toEqual(["b", "c"]);
    await expect(sub.recv()).rejects.toBeInstanceOf(SubscriptionClosed);
    expect(bus.receiverCount).toBe(0);
  });

  it("bounds a slow subscriber's queue: drops the oldest and reports who is not keeping up", async () => {
    const { bus, problems } = quietBus({ queueCapacity: 4 });
    const sub = await bus.subscribe(ValueEvent);
    for (let i = 0; i < 10; i++) bus.emit(new ValueEvent({ name: "lfo", value: i }));
    expect(sub.pending).toBe(4);
    expect(sub.dropped).toBe(6);
    expect((await sub.recv()).value).toBe(6);
    expect(problems.filter((p) => p.kind === "overflow")).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/not keeping up with ValueEvent: dropped 1/);
  });

  it("attributes what an async node publishes to it, reacting to what it received", async () => {
    const system = new System({ logger: () => {} });
    const { bus } = system;
    const out: NoteEvent[] = [];
    bus.on(NoteEvent, (n) => out.push(n), { from: "octaver" });
    system.add(
      {
        async start() {
          const sub = await bus.subscribe(TriggerEvent);
          for await (const t of sub) await bus.publish(note(60 + t.value));
        },
      },
      "octaver",
    );
    system.start();
    bus.emit(new TriggerEvent({ name: "x", value: 12, tick: 960 }));
    await system.runUntilTick(2000);
    expect(out.map((n) => [n.pitch, n.source, n.tick])).toEqual([[72, "octaver", 960]]);
  });
});
