import { describe, expect, it } from "vitest";
import { ChordEvent, ChordGenerator, Clock, defaultScales, NoteEvent, ParamChangeEvent, PPQ, TriggerEvent } from "../../src/index.ts";
import type { ChordGeneratorOptions } from "../../src/music/chord-generator.ts";
import { virtualSystem, withClock } from "../helpers.ts";

function setup(options: ChordGeneratorOptions = {}) {
  const s = withClock();
  const chords = s.system.add(new ChordGenerator(s.bus, defaultScales(), { name: "chords", ...options }));
  const events: ChordEvent[] = [];
  const notes: NoteEvent[] = [];
  s.bus.on(ChordEvent, (c) => events.push(c));
  s.bus.on(NoteEvent, (n) => notes.push(n));
  return { ...s, chords, events, notes };
}

describe("ChordGenerator", () => {
  it("stacks thirds on each degree of the progression: I vi IV V in C major by default", () => {
    const { chords } = setup();
    expect([0, 1, 2, 3].map((i) => chords.chordAt(i))).toEqual([
      { degrees: [0, 2, 4], pitches: [48, 52, 55] }, // C
      { degrees: [5, 7, 9], pitches: [57, 60, 64] }, // Am
      { degrees: [3, 5, 7], pitches: [53, 57, 60] }, // F
      { degrees: [4, 6, 8], pitches: [55, 59, 62] }, // G
    ]);
    // The progression wraps, both ways.
    expect(chords.chordAt(4)).toEqual(chords.chordAt(0));
    expect(chords.chordAt(-1)).toEqual(chords.chordAt(3));
  });

  it("builds sevenths and works over any scale and root, below the root too", () => {
    const { chords } = setup({ size: 4, scaleName: "dorian", rootMidi: 62, progression: [0, -3] });
    expect(chords.chordAt(0)).toEqual({ degrees: [0, 2, 4, 6], pitches: [62, 65, 69, 72] }); // Dm7
    expect(chords.chordAt(1)).toEqual({ degrees: [-3, -1, 1, 3], pitches: [57, 60, 64, 67] }); // Am7 below
  });

  it("leaves out pitches beyond the MIDI range", () => {
    const { chords } = setup({ rootMidi: 122, progression: [0] });
    expect(chords.chordAt(0)).toEqual({ degrees: [0, 2, 4], pitches: [122, 126] }); // 129 is out
  });

  it("changes every `everyBeats` beats of the clock, from beat 0, stamped with that tick", async () => {
    const { system, events, notes } = setup({ everyBeats: 2 });
    await system.runUntilTick(8 * PPQ);
    expect(events.map((e) => [e.tick, e.pitches])).toEqual([
      [0, [48, 52, 55]],
      [2 * PPQ, [57, 60, 64]],
      [4 * PPQ, [53, 57, 60]],
      [6 * PPQ, [55, 59, 62]],
    ]);
    expect(events.every((e) => e.name === "chords" && e.source === "chords")).toBe(true);
    expect(notes).toEqual([]); // play is off by default
  });

  it("with `play`, sounds each chord lowest first, with its gate, velocity and channel", async () => {
    const { system, notes, chords } = setup({ play: true, gateBeats: 3.5, velocity: 0.4, channel: 2 });
    await system.runUntilTick(4 * PPQ + 1);
    expect(notes.map((n) => [n.tick, n.pitch, n.gateBeats, n.velocity, n.channel])).toEqual([
      [0, 48, 3.5, 0.4, 2],
      [0, 52, 3.5, 0.4, 2],
      [0, 55, 3.5, 0.4, 2],
      [4 * PPQ, 57, 3.5, 0.4, 2],
      [4 * PPQ, 60, 3.5, 0.4, 2],
      [4 * PPQ, 64, 3.5, 0.4, 2],
    ]);
    expect(chords.position).toBe(2);
  });

  it("the gate defaults to the length of a chord", async () => {
    const { system, notes } = setup({ play: true, everyBeats: 2 });
    await system.runUntilTick(1);
    expect(notes.map((n) => n.gateBeats)).toEqual([2, 2, 2]);
  });

  it("changes once per grid line even when several clocks tick there", async () => {
    const { system, bus, events } = setup({ everyBeats: 1 });
    system.add(new Clock(bus, { name: "triplets", stepsPerBeat: 3 }));
    await system.runUntilTick(4 * PPQ);
    expect(events.map((e) => e.tick)).toEqual([0, 960, 1920, 2880]);
  });

  it("with `triggerName`, changes on that trigger only", () => {
    const s = virtualSystem();
    const chords = s.system.add(new ChordGenerator(s.bus, defaultScales(), { name: "chords", triggerName: "next", progression: [0, 4] }));
    const events: ChordEvent[] = [];
    s.bus.on(ChordEvent, (c) => events.push(c));
    s.system.start();
    s.bus.emit(new TriggerEvent({ name: "other", tick: 0 }));
    s.bus.emit(new TriggerEvent({ name: "next", tick: 100 }));
    s.bus.emit(new TriggerEvent({ name: "next", tick: 500 }));
    s.bus.emit(new TriggerEvent({ name: "next", tick: 900 }));
    expect(events.map((e) => [e.tick, e.degrees])).toEqual([
      [100, [0, 2, 4]],
      [500, [4, 6, 8]],
      [900, [0, 2, 4]],
    ]);
    expect(chords.position).toBe(3);
  });

  it("applies param changes at the next chord and keeps its place", async () => {
    const { system, bus, events } = setup({ everyBeats: 1, progression: [0, 1, 2, 3] });
    await system.runUntilTick(2 * PPQ); // chords 0, 1
    bus.emit(new ParamChangeEvent({ target: "chords", param: "scale", value: "minor" }));
    bus.emit(new ParamChangeEvent({ target: "chords", param: "size", value: 2 }));
    bus.emit(new ParamChangeEvent({ target: "chords", param: "root", value: 57 }));
    await system.runUntilTick(3 * PPQ); // chord 2 of the progression
    expect(events.map((e) => e.pitches)).toEqual([
      [48, 52, 55],
      [50, 53, 57],
      [60, 64], // A minor from A3: degree 2 = C4, degree 4 = E4
    ]);
  });

  it("refuses invalid params with the valid range, changing nothing", () => {
    const { system, bus, problems, chords } = setup();
    system.start();
    bus.emit(new ParamChangeEvent({ target: "chords", param: "size", value: 8 }));
    bus.emit(new ParamChangeEvent({ target: "chords", param: "progression", value: [] }));
    bus.emit(new ParamChangeEvent({ target: "chords", param: "scale", value: "nope" }));
    bus.emit(new ParamChangeEvent({ target: "chords", param: "everyBeats", value: 0 }));
    expect(problems.map((p) => p.message)).toEqual([
      "chords.size: expected an integer from 1 to 7, got 8",
      "chords.progression: expected a list of 1–64 integers from -64 to 64, got []",
      expect.stringMatching(/^chords\.scale: unknown scale "nope"/),
      "chords.every: expected a number from 0.25 to 64, got 0",
    ]);
    expect(chords.params()).toMatchObject({ size: 3, progression: [0, 5, 3, 4], scale: "major", every: 4 });
  });

  it("refuses an unknown scale when built", () => {
    const s = virtualSystem();
    expect(() => new ChordGenerator(s.bus, defaultScales(), { scaleName: "nope" })).toThrow(/unknown scale "nope"/);
  });
});
