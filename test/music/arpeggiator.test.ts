import { describe, expect, it } from "vitest";
import { ArpConfig, Arpeggiator, ChordEvent, defaultScales, NoteEvent, ParamChangeEvent, TriggerEvent } from "../../src/index.ts";
import { virtualSystem } from "../helpers.ts";

function setup(config: ConstructorParameters<typeof ArpConfig>[0], scaleName = "major", seed = 1) {
  const s = virtualSystem({ seed });
  const arp = s.system.add(new Arpeggiator(s.bus, defaultScales(), { name: "arp", triggerName: "go", scaleName, rootMidi: 60, config: new ArpConfig(config) }));
  const notes: NoteEvent[] = [];
  s.bus.on(NoteEvent, (n) => notes.push(n));
  s.system.start();
  const trigger = (n: number) => {
    for (let i = 0; i < n; i++) s.bus.emit(new TriggerEvent({ name: "go", tick: i * 240 }));
  };
  return { ...s, arp, notes, trigger };
}

describe("Arpeggiator", () => {
  it("walks degrees over the scale and octaves: updown in dorian over two octaves", () => {
    const { notes, trigger } = setup({ degrees: [0, 2, 4, 6], pattern: "updown", octaves: 2 }, "dorian");
    trigger(14);
    // C dorian degrees 0 2 4 6 = C Eb G Bb; second octave an octave up.
    expect(notes.map((n) => n.pitch)).toEqual([60, 63, 67, 70, 72, 75, 79, 82, 79, 75, 72, 70, 67, 63]);
  });

  it("wraps degrees past the scale into the next octave and below the root", () => {
    const { notes, trigger } = setup({ degrees: [-1, 0, 7, 9], pattern: "asPlayed" });
    trigger(4);
    expect(notes.map((n) => n.pitch)).toEqual([59, 60, 72, 76]);
  });

  it("carries gate, velocity, channel and the trigger's tick", () => {
    const { notes, trigger } = setup({ degrees: [0], gateBeats: 0.22, velocity: 0.85 });
    trigger(2);
    expect(notes.map((n) => [n.tick, n.gateBeats, n.velocity, n.channel, n.source])).toEqual([
      [0, 0.22, 0.85, 0, "arp"],
      [240, 0.22, 0.85, 0, "arp"],
    ]);
  });

  it("applies every param of the seed's §5 and keeps its place in the pattern", () => {
    const { bus, notes, trigger, arp } = setup({ degrees: [0, 2, 4], pattern: "up" });
    trigger(2); // C E
    bus.emit(new ParamChangeEvent({ target: "arp", param: "scale", value: "minor" }));
    bus.emit(new ParamChangeEvent({ target: "arp", param: "degrees", value: [0, 2, 4, 7] }));
    bus.emit(new ParamChangeEvent({ target: "arp", param: "octaves", value: 3 }));
    bus.emit(new ParamChangeEvent({ target: "arp", param: "gate_beats", value: 0.15 }));
    trigger(2);
    expect(notes.map((n) => n.pitch)).toEqual([60, 64, 67, 72]); // continues at step 3: G, then the octave
    expect(notes.at(-1)!.gateBeats).toBe(0.15);
    expect(arp.currentNotes).toHaveLength(12);
    bus.emit(new ParamChangeEvent({ target: "arp", param: "pattern", value: "random" }));
    trigger(50);
    const pool = new Set(arp.currentNotes);
    expect(notes.slice(4).every((n) => pool.has(n.pitch))).toBe(true);
    expect(new Set(notes.slice(4).map((n) => n.pitch)).size).toBeGreaterThan(6);
  });

  it("plays only `probability` of the triggers, the same ones for the same seed", () => {
    const a = setup({ degrees: [0], probability: 0.7 }, "major", 5);
    a.trigger(1000);
    const b = setup({ degrees: [0], probability: 0.7 }, "major", 5);
    b.trigger(1000);
    expect(a.notes.length).toBeGreaterThan(650);
    expect(a.notes.length).toBeLessThan(750);
    expect(a.notes.map((n) => n.tick)).toEqual(b.notes.map((n) => n.tick));
  });

  it("refuses invalid values with the valid choices, changing nothing", () => {
    const { bus, problems, arp } = setup({ degrees: [0, 2] });
    bus.emit(new ParamChangeEvent({ target: "arp", param: "scale", value: "minr" }));
    bus.emit(new ParamChangeEvent({ target: "arp", param: "octaves", value: "3" }));
    bus.emit(new ParamChangeEvent({ target: "arp", param: "pattern", value: "sideways" }));
    bus.emit(new ParamChangeEvent({ target: "arp", param: "degrees", value: [] }));
    expect(problems[0]!.message).toMatch(/^arp\.scale: unknown scale "minr"; did you mean "minor"/);
    expect(problems[1]!.message).toBe('arp.octaves: expected an integer from 1 to 8, got "3"');
    expect(problems[2]!.message).toBe("arp.pattern: unknown pattern \"sideways\"; valid: up, down, updown, downup, converge, diverge, asPlayed, random");
    expect(problems[3]!.message).toBe("arp.degrees: expected a list of 1–32 integers from -64 to 64, got []");
    expect(arp.params()).toMatchObject({ scale: "major", octaves: 1, pattern: "up", degrees: [0, 2] });
  });

  it("refuses an unknown scale at construction, naming the valid ones", () => {
    const { bus } = virtualSystem();
    expect(() => new Arpeggiator(bus, defaultScales(), { scaleName: "nope" })).toThrow(/unknown scale "nope"; .*\d+ in all/);
  });
});

describe("Arpeggiator following chords given by pitch classes", () => {
  function follower(scaleName = "major", rootMidi = 60) {
    const s = virtualSystem();
    const arp = s.system.add(new Arpeggiator(s.bus, defaultScales(), { name: "arp", chords: "harm", scaleName, rootMidi, config: new ArpConfig({ degrees: [0, 2, 4] }) }));
    s.system.start();
    const chord = (pitchClasses: number[]) => s.bus.emit(new ChordEvent({ name: "harm", degrees: [0], pitches: [], pitchClasses }));
    return { ...s, arp, chord };
  }

  it("takes a chord inside its scale as degrees of that scale, whatever degrees the event carries", () => {
    const { arp, chord } = follower("dorian", 62); // D dorian
    chord([7, 11, 2]); // G B D = degrees 3 5 7 of D dorian
    expect(arp.getParam("degrees")).toEqual([3, 5, 7]);
    expect(arp.currentNotes).toEqual([67, 71, 74]);
    chord([2, 5, 9, 0]); // D F A C: stacked upward from D
    expect(arp.getParam("degrees")).toEqual([0, 2, 4, 6]);
  });

  it("plays the exact tones of a chord outside its scale, stacked up from its root, until degrees are set", () => {
    const { arp, chord, bus } = follower();
    chord([2, 6, 9, 0]); // D7 (V7/V): F# is not in C major
    expect(arp.currentNotes).toEqual([62, 66, 69, 72]);
    chord([1, 5, 8]); // Db major (bII6 spelled from its root)
    expect(arp.currentNotes).toEqual([61, 65, 68]);
    bus.emit(new ParamChangeEvent({ target: "arp", param: "degrees", value: [0, 4] }));
    expect(arp.currentNotes).toEqual([60, 67]);
  });
});
