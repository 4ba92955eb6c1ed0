import { describe, expect, it } from "vitest";
import {
  type BusEvent,
  EventRecorder,
  NoteEvent,
  noteName,
  ParamChangeEvent,
  PPQ,
  TickEvent,
  TriggerEvent,
  ValueEvent,
} from "../../src/index.ts";
import { actAs } from "../../src/core/node-context.ts";
import type { EventRecorderOptions } from "../../src/music/event-recorder.ts";
import { virtualSystem, withClock } from "../helpers.ts";

function setup(options: EventRecorderOptions = {}) {
  const s = virtualSystem();
  const rec = s.system.add(new EventRecorder(s.bus, options));
  s.system.add({ async start() {} }, "arp");
  s.system.start();
  /** Publish as node `name`. */
  const as = (name: string, ev: BusEvent) => actAs(name, undefined, () => s.bus.emit(ev));
  return { ...s, rec, as };
}

describe("EventRecorder", () => {
  it("names notes as musicians do, middle C = C4", () => {
    expect([60, 61, 62, 69, 71, 72, 0, 11, 12, 127].map(noteName)).toEqual(["C4", "C#4", "D4", "A4", "B4", "C5", "C-1", "B-1", "C0", "G9"]);
  });

  it("prints one line per event: position, source, and what happened", () => {
    const { rec, as, bus } = setup();
    as("arp", new NoteEvent({ tick: 0, pitch: 62, velocity: 0.85, gateBeats: 0.22 }));
    as("euc", new TriggerEvent({ tick: 1440, name: "hit" }));
    as("lfo", new ValueEvent({ tick: 4 * PPQ, name: "mod", value: 0.5 }));
    bus.emit(new ParamChangeEvent({ tick: 4 * PPQ + 240, target: "arp", param: "scale", value: "minor" }));
    as("clock", new TickEvent({ tick: 7 * PPQ + 480, step: 30, beat: 7.5, stepsPerBeat: 4 }));
    as("arp", new NoteEvent({ tick: 9 * PPQ, pitch: 61, velocity: 0.1, gateBeats: 1.5 }));
    expect(rec.lines()).toEqual([
      "1:1.000 arp D4 v108 0.22b",
      "1:2.500 euc trigger hit",
      "2:1.000 lfo value mod=0.500",
      '2:1.250 user set arp.scale="minor"',
      "2:4.500 clock TickEvent",
      "3:2.000 arp C#4 v13 1.50b",
    ]);
  });

  it("counts bars in the given metre", () => {
    const { rec, as } = setup({ beatsPerBar: 3 });
    as("euc", new TriggerEvent({ tick: 3 * PPQ, name: "hit" }));
    as("euc", new TriggerEvent({ tick: 5 * PPQ + 240, name: "hit" }));
    expect(rec.lines()).toEqual(["2:1.000 euc trigger hit", "2:3.250 euc trigger hit"]);
  });

  it("keeps only the types and sources it is asked for", () => {
    const { rec, as } = setup({ types: [NoteEvent, ValueEvent], from: ["arp", "lfo"] });
    as("arp", new NoteEvent({ tick: 0, pitch: 60, velocity: 1, gateBeats: 1 }));
    as("bass", new NoteEvent({ tick: 0, pitch: 36, velocity: 1, gateBeats: 1 }));
    as("arp", new TriggerEvent({ tick: 0, name: "x" }));
    as("lfo", new ValueEvent({ tick: 0, name: "mod", value: 1 }));
    expect(rec.events.map((e) => `${e.source}:${e.kind}`)).toEqual(["arp:NoteEvent", "lfo:ValueEvent"]);
    expect(rec.of(NoteEvent).map((n) => n.pitch)).toEqual([60]);
    expect(rec.of(TriggerEvent)).toEqual([]);
  });

  it("records what a running patch does, in order, with the clock's ticks", async () => {
    const { system, bus } = withClock();
    const rec = system.add(new EventRecorder(bus, { types: [TickEvent] }));
    await system.runUntilTick(PPQ);
    expect(rec.lines()).toEqual(["1:1.000 clock TickEvent", "1:1.250 clock TickEvent", "1:1.500 clock TickEvent", "1:1.750 clock TickEvent"]);
  });

  it("is bounded: beyond `limit` the oldest are dropped, and lines() shows the newest `limit`", () => {
    const { rec, as } = setup({ types: [TriggerEvent], limit: 10 });
    for (let i = 0; i < 100; i++) as("euc", new TriggerEvent({ tick: i * PPQ, name: `t${i}` }));
    expect(rec.events.length).toBeLessThanOrEqual(11);
    expect(rec.dropped + rec.events.length).toBe(100);
    const lines = rec.lines();
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe("25:4.000 euc trigger t99");
    expect(lines[0]).toBe("23:3.000 euc trigger t90");
  });

  it("clear() forgets what it recorded", () => {
    const { rec, as } = setup();
    as("euc", new TriggerEvent({ tick: 0, name: "hit" }));
    rec.clear();
    expect(rec.events).toEqual([]);
    as("euc", new TriggerEvent({ tick: 1, name: "hit" }));
    expect(rec.events).toHaveLength(1);
  });
});
