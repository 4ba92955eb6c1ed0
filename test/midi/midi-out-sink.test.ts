import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  Clock,
  ControlChangeEvent,
  ErrorEvent,
  MidiOutSink,
  NoteEvent,
  ParamChangeEvent,
  PPQ,
  ProgramChangeEvent,
  readSmf,
  TimeSignatureEvent,
  TriggerEvent,
} from "../../src/index.ts";
import { virtualSystem } from "../helpers.ts";
import { validateSmf } from "./smf-validator.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "magicbus-sink-"));
  dirs.push(dir);
  return join(dir, name);
}

function setup(options: ConstructorParameters<typeof MidiOutSink>[1] = {}, bpm = 120) {
  const s = virtualSystem({ bpm });
  const midi = s.system.add(new MidiOutSink(s.bus, options));
  s.system.start();
  const play = (o: ConstructorParameters<typeof NoteEvent>[0]) => s.bus.emit(new NoteEvent(o));
  const notes = () => midi.toSong().tracks[0]!.notes;
  return { ...s, midi, play, notes };
}

describe("MidiOutSink", () => {
  it("records each note at its stamped tick with the exact gate in ticks, velocity scaled to MIDI", () => {
    const { play, notes, midi } = setup();
    play({ tick: 480, pitch: 62, velocity: 0.85, gateBeats: 0.22 });
    play({ tick: 1000, pitch: 64, velocity: 1, gateBeats: 1.5, channel: 3 });
    play({ tick: 1200, pitch: 65, velocity: 0.001, gateBeats: 0.0001 }); // shortest gate: one tick
    expect(notes()).toEqual([
      { tick: 480, endTick: 480 + 211, pitch: 62, velocity: 108, channel: 0 },
      { tick: 1000, endTick: 1000 + 1440, pitch: 64, velocity: 127, channel: 3 },
      { tick: 1200, endTick: 1201, pitch: 65, velocity: 1, channel: 0 },
    ]);
    expect(midi.noteCount).toBe(3);
  });

  it("a stopped transport (Link start/stop) ends what sounds and plays nothing until started", async () => {
    const { system, sched, play, notes, midi } = setup();
    play({ tick: 0, pitch: 60, velocity: 0.5, gateBeats: 4 });
    sched.at(480, () => midi.setPlaying(false));
    sched.at(960, () => play({ tick: 960, pitch: 62, velocity: 0.5, gateBeats: 1 }));
    sched.at(1440, () => midi.setPlaying(true));
    sched.at(1920, () => play({ tick: 1920, pitch: 64, velocity: 0.5, gateBeats: 1 }));
    await system.runUntilTick(4000);
    expect(notes()).toEqual([
      { tick: 0, endTick: 480, pitch: 60, velocity: 64, channel: 0 },
      { tick: 1920, endTick: 1920 + PPQ, pitch: 64, velocity: 64, channel: 0 },
    ]);
  });

  it("passes each whole note to an output that wants whole notes (OSC), with its length and fields", () => {
    const got: unknown[] = [];
    const { play, midi } = setup();
    midi.output = { send: () => {}, note: (tick, n) => got.push({ tick, ...n }) };
    play({ tick: 480, pitch: 62, velocity: 0.75, gateBeats: 0.5, channel: 2, meta: { s: "bass1" } });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ tick: 480, pitch: 62, velocity: 0.75, channel: 2, lengthTicks: 480, meta: { s: "bass1" } });
  });

  it("stamps an unstamped note with the current time", async () => {
    const { system, sched, bus, notes } = setup();
    sched.at(1234, () => bus.emit(new NoteEvent({ pitch: 60, velocity: 0.5, gateBeats: 1 })));
    await system.runUntilTick(2000);
    expect(notes()).toEqual([{ tick: 1234, endTick: 1234 + PPQ, pitch: 60, velocity: 64, channel: 0 }]);
  });

  it("tracks sounding notes until their note-off time", async () => {
    const { system, play, midi } = setup();
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 1 });
    play({ tick: 0, pitch: 64, velocity: 1, gateBeats: 2 });
    expect(midi.soundingCount).toBe(2);
    await system.runUntilTick(PPQ + 1);
    expect(midi.soundingCount).toBe(1);
    await system.runUntilTick(2 * PPQ + 1);
    expect(midi.soundingCount).toBe(0);
  });

  it("keeps channels apart: the same pitch on two channels is two notes", () => {
    const { play, notes } = setup();
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 1, channel: 0 });
    play({ tick: 240, pitch: 60, velocity: 1, gateBeats: 1, channel: 9 });
    expect(notes().map((n) => [n.channel, n.tick, n.endTick])).toEqual([
      [0, 0, 960],
      [9, 240, 1200],
    ]);
  });

  it("re-striking a sounding pitch ends the earlier note where the new one starts", () => {
    const { play, notes } = setup();
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 2 });
    play({ tick: 480, pitch: 60, velocity: 0.5, gateBeats: 1 });
    play({ tick: 3000, pitch: 60, velocity: 0.5, gateBeats: 1 }); // after both ended: untouched
    expect(notes().map((n) => [n.tick, n.endTick])).toEqual([
      [0, 480],
      [480, 1440],
      [3000, 3960],
    ]);
  });

  it("re-striking a pitch at the very tick it started keeps one note, the louder, never one of no length", async () => {
    const path = tempFile("restrike.mid");
    const { system, play, notes, midi } = setup({ outPath: path });
    // Louder first: the softer second strike is dropped, the first keeps its gate.
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 2 });
    play({ tick: 0, pitch: 60, velocity: 0.5, gateBeats: 1 });
    // Softer first: the louder second strike replaces it, with its own gate.
    play({ tick: 4 * PPQ, pitch: 60, velocity: 0.5, gateBeats: 1, channel: 1 });
    play({ tick: 4 * PPQ, pitch: 60, velocity: 0.9, gateBeats: 0.5, channel: 1 });
    // A tie keeps the first.
    play({ tick: 8 * PPQ, pitch: 61, velocity: 0.5, gateBeats: 1 });
    play({ tick: 8 * PPQ, pitch: 61, velocity: 0.5, gateBeats: 3 });
    expect(notes()).toEqual([
      { tick: 0, endTick: 1920, pitch: 60, velocity: 127, channel: 0 },
      { tick: 3840, endTick: 4320, pitch: 60, velocity: 114, channel: 1 },
      { tick: 7680, endTick: 8640, pitch: 61, velocity: 64, channel: 0 },
    ]);
    expect(midi.noteCount).toBe(3);
    expect(midi.soundingCount).toBe(3);
    await system.runUntilTick(12 * PPQ);
    expect(midi.soundingCount).toBe(0);
    midi.close();
    const check = validateSmf(readFileSync(path));
    expect(check.problems).toEqual([]);
    expect(check.notes.map((n) => [n.on, n.off, n.velocity])).toEqual([
      [0, 1920, 127],
      [3840, 4320, 114],
      [7680, 8640, 64],
    ]);
  });

  it("panic() ends every sounding note now, and only those", async () => {
    const { system, play, notes, midi } = setup();
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 0.25 }); // over by the panic
    play({ tick: 0, pitch: 64, velocity: 1, gateBeats: 8 });
    play({ tick: 480, pitch: 67, velocity: 1, gateBeats: 8, channel: 2 });
    await system.runUntilTick(PPQ);
    expect(midi.panic()).toBe(2);
    expect(midi.soundingCount).toBe(0);
    expect(notes().map((n) => [n.pitch, n.endTick])).toEqual([
      [60, 240],
      [64, 960],
      [67, 960],
    ]);
    // A panic at the very tick a note starts still leaves it one tick long.
    play({ tick: 960, pitch: 70, velocity: 1, gateBeats: 4 });
    midi.panic(960);
    expect(notes().at(-1)!.endTick).toBe(961);
  });

  it("stopping the sink releases what is still sounding", async () => {
    const { system, play, notes, midi } = setup();
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 16 });
    await system.runUntilTick(1500);
    system.stop();
    expect(midi.soundingCount).toBe(0);
    expect(notes()[0]!.endTick).toBe(1500);
  });

  it("ignores a note of velocity 0 (silence)", () => {
    const { play, midi, problems } = setup();
    play({ tick: 0, pitch: 60, velocity: 0, gateBeats: 1 });
    expect(midi.noteCount).toBe(0);
    expect(problems).toEqual([]);
  });

  const invalid: [string, ConstructorParameters<typeof NoteEvent>[0], string][] = [
    ["pitch above 127", { pitch: 128, velocity: 1, gateBeats: 1 }, "pitch must be an integer from 0 to 127, got 128"],
    ["fractional pitch", { pitch: 60.5, velocity: 1, gateBeats: 1 }, "pitch must be an integer from 0 to 127, got 60.5"],
    ["negative pitch", { pitch: -1, velocity: 1, gateBeats: 1 }, "pitch must be an integer from 0 to 127, got -1"],
    ["velocity above 1", { pitch: 60, velocity: 1.5, gateBeats: 1 }, "velocity must be from 0 to 1, got 1.5"],
    ["negative velocity", { pitch: 60, velocity: -0.1, gateBeats: 1 }, "velocity must be from 0 to 1, got -0.1"],
    ["NaN velocity", { pitch: 60, velocity: Number.NaN, gateBeats: 1 }, "velocity must be from 0 to 1, got NaN"],
    ["channel 16", { pitch: 60, velocity: 1, gateBeats: 1, channel: 16 }, "channel must be an integer from 0 to 15, got 16"],
    ["fractional channel", { pitch: 60, velocity: 1, gateBeats: 1, channel: 1.5 }, "channel must be an integer from 0 to 15, got 1.5"],
    ["zero gate", { pitch: 60, velocity: 1, gateBeats: 0 }, "gateBeats must be a positive number, got 0"],
    ["infinite gate", { pitch: 60, velocity: 1, gateBeats: Infinity }, "gateBeats must be a positive number, got Infinity"],
  ];
  for (const [what, note, message] of invalid) {
    it(`refuses a note with ${what}: a clear error, nothing recorded`, () => {
      const { bus, play, midi, problems } = setup();
      const errors: ErrorEvent[] = [];
      bus.on(ErrorEvent, (e) => errors.push(e));
      play({ tick: 0, ...note });
      expect(midi.noteCount).toBe(0);
      expect(midi.soundingCount).toBe(0);
      expect(problems).toEqual([{ kind: "midi", node: "midi", message: `midi: note from user refused: ${message}` }]);
      expect(errors.map((e) => [e.errorKind, e.message])).toEqual([["midi", problems[0]!.message]]);
    });
  }

  it("names the node whose note it refuses, and does not flood with a repeated error", () => {
    const { system, bus, midi, problems } = setup();
    system.add(
      {
        async start() {
          bus.on(TriggerEvent, () => bus.emit(new NoteEvent({ pitch: 200, velocity: 1, gateBeats: 1 })));
        },
      },
      "wild",
    );
    for (let i = 0; i < 25; i++) bus.emit(new TriggerEvent({ name: "go", tick: i }));
    expect(midi.noteCount).toBe(0);
    expect(problems.map((p) => p.message)).toEqual([
      "midi: note from wild refused: pitch must be an integer from 0 to 127, got 200",
      "midi: note from wild refused: pitch must be an integer from 0 to 127, got 200 (10 times so far)",
    ]);
  });

  it("records control and program change events, refusing invalid ones", () => {
    const { bus, midi, problems } = setup();
    bus.emit(new ControlChangeEvent({ tick: 10, controller: 64, value: 127, channel: 1 }));
    bus.emit(new ProgramChangeEvent({ tick: 20, program: 5, channel: 2 }));
    bus.emit(new ControlChangeEvent({ tick: 30, controller: 128, value: 1 }));
    bus.emit(new ProgramChangeEvent({ tick: 40, program: 200 }));
    const track = midi.toSong().tracks[0]!;
    expect(track.controls).toEqual([{ tick: 10, channel: 1, controller: 64, value: 127 }]);
    expect(track.programs).toEqual([{ tick: 20, channel: 2, program: 5 }]);
    expect(problems.map((p) => p.message)).toEqual([
      "midi: control change refused: controller must be an integer from 0 to 127, got 128",
      "midi: program change refused: program must be an integer from 0 to 127, got 200",
    ]);
    // Each check on its own sink (repeats of one kind of refusal are counted, not all shown).
    const refusal = (f: (m: MidiOutSink) => void) => {
      const t = setup();
      f(t.midi);
      expect(t.midi.toSong().tracks[0]!.controls).toEqual([]);
      expect(t.midi.toSong().tracks[0]!.programs).toEqual([]);
      return t.problems.map((p) => p.message);
    };
    expect(refusal((m) => m.control(0, 0, 1, 1.5))).toEqual(["midi: control change refused: value must be an integer from 0 to 127, got 1.5"]);
    expect(refusal((m) => m.control(0, 16, 1, 1))).toEqual(["midi: control change refused: channel must be an integer from 0 to 15, got 16"]);
    expect(refusal((m) => m.program(0, -1, 1))).toEqual(["midi: program change refused: channel must be an integer from 0 to 15, got -1"]);
    expect(refusal((m) => m.program(0, 0, -3))).toEqual(["midi: program change refused: program must be an integer from 0 to 127, got -3"]);
  });

  it("plays only the nodes and streams it is told to", () => {
    const s = virtualSystem();
    const fromArp = s.system.add(new MidiOutSink(s.bus, { name: "a", from: "arp" }));
    const onStreams = s.system.add(new MidiOutSink(s.bus, { name: "b", stream: ["melody", "bass"] }));
    const emitter = (pitch: number, stream: string) => ({
      async start() {
        s.bus.emit(new NoteEvent({ tick: 0, pitch, velocity: 1, gateBeats: 1, stream }));
      },
    });
    s.system.add(emitter(60, "melody"), "arp");
    s.system.add(emitter(61, "drums"), "arp2");
    s.system.add(emitter(62, "bass"), "other");
    s.system.start();
    expect(fromArp.toSong().tracks[0]!.notes.map((n) => n.pitch)).toEqual([60]);
    expect(onStreams.toSong().tracks[0]!.notes.map((n) => n.pitch)).toEqual([60, 62]);
  });

  it("never writes the tempo: a bpm that disagrees with the set's is reported, naming the clock as the owner", async () => {
    const { system, problems } = setup({ bpm: 100 }, 120);
    await system.runUntilTick(PPQ);
    expect(system.timeline.tempo.changes.map((c) => c.bpm)).toEqual([120]);
    expect(problems.map((p) => p.message)).toEqual(["midi: bpm 100 is not the set's tempo (120 bpm); the tempo is the clock's: give the Clock bpm: 100"]);
    expect(setup({ bpm: 120 }, 120).problems).toEqual([]);
    expect(() => setup({ bpm: 0 })).toThrow(/bpm must be a number from 1 to 999/);
  });

  it("close() writes a valid MIDI file with the set's tempo, metre and the exact notes", async () => {
    const path = tempFile("out.mid");
    const { system, bus, play, midi } = setup({ bpm: 100, outPath: path, timeSignature: [3, 4] }, 100);
    play({ tick: 0, pitch: 60, velocity: 0.85, gateBeats: 0.22 });
    play({ tick: 720, pitch: 67, velocity: 0.5, gateBeats: 3, channel: 1 });
    play({ tick: 960, pitch: 67, velocity: 0.5, gateBeats: 1, channel: 1 }); // cuts the one before
    bus.emit(new ControlChangeEvent({ tick: 0, controller: 7, value: 100 }));
    await system.runUntilTick(8 * PPQ);
    const song = midi.close();
    const bytes = readFileSync(path);
    const check = validateSmf(bytes);
    expect(check.problems).toEqual([]);
    expect(check.ppq).toBe(960);
    expect(check.tempos).toEqual([{ tick: 0, microsecondsPerQuarter: 600000, bpm: 100 }]);
    expect(check.timeSignatures.map((t) => [t.numerator, t.denominator])).toEqual([[3, 4]]);
    expect(check.trackNames).toEqual(["magicbus", "midi"]);
    expect(check.notes.map((n) => [n.channel, n.pitch, n.on, n.off, n.velocity])).toEqual([
      [0, 60, 0, 211, 108],
      [1, 67, 720, 960, 64],
      [1, 67, 960, 1920, 64],
    ]);
    expect(check.controls.map((c) => [c.tick, c.controller, c.value])).toEqual([[0, 7, 100]]);
    expect(song.tempos).toEqual([{ tick: 0, bpm: 100 }]);
    expect(readSmf(bytes).tracks[1]!.notes).toHaveLength(3);
  });

  it("records each change of metre a TimeSignatureEvent brings, once, into the file; refuses one a file cannot hold", async () => {
    const path = tempFile("metre.mid");
    const { system, bus, midi, problems } = setup({ outPath: path });
    bus.emit(new TimeSignatureEvent({ tick: 0, numerator: 6, denominator: 8 })); // replaces the 4/4 at tick 0
    bus.emit(new TimeSignatureEvent({ tick: 4 * PPQ, numerator: 6, denominator: 8 })); // the same again: nothing
    bus.emit(new TimeSignatureEvent({ tick: 6 * PPQ, numerator: 3, denominator: 4 }));
    bus.emit(new TimeSignatureEvent({ tick: 9 * PPQ, numerator: 5, denominator: 6 }));
    await system.runUntilTick(12 * PPQ);
    expect(midi.close().timeSignatures).toEqual([
      { tick: 0, numerator: 6, denominator: 8 },
      { tick: 6 * PPQ, numerator: 3, denominator: 4 },
    ]);
    expect(validateSmf(readFileSync(path)).timeSignatures.map((t) => [t.tick, t.numerator, t.denominator])).toEqual([
      [0, 6, 8],
      [6 * PPQ, 3, 4],
    ]);
    expect(problems.map((p) => p.message).join("\n")).toMatch(/time signature 5\/6 refused: denominator must be a power of two/);
  });

  it("refuses at construction a time signature a MIDI file cannot hold", () => {
    const s = virtualSystem();
    expect(() => new MidiOutSink(s.bus, { timeSignature: [5, 6] })).toThrow(
      "midi: time signature 5/6: denominator must be a power of two from 1 to 64, got 6",
    );
    expect(() => new MidiOutSink(s.bus, { timeSignature: [0, 4] })).toThrow(/numerator must be an integer from 1 to 255, got 0/);
    expect(new MidiOutSink(s.bus, { timeSignature: [7, 8] }).toSong().timeSignatures).toEqual([{ tick: 0, numerator: 7, denominator: 8 }]);
  });

  it("writes the tempo changes of the clock into the file", async () => {
    const path = tempFile("tempo.mid");
    const s = virtualSystem({ bpm: 120 });
    s.system.add(new Clock(s.bus, { bpm: 120, stepsPerBeat: 4, loopSteps: 16, name: "clock" }));
    const midi = s.system.add(new MidiOutSink(s.bus, { outPath: path }));
    await s.system.runUntilTick(4 * PPQ);
    s.bus.emit(new ParamChangeEvent({ target: "clock", param: "bpm", value: 90 }));
    s.bus.emit(new NoteEvent({ pitch: 60, velocity: 1, gateBeats: 1 }));
    await s.system.runUntilTick(8 * PPQ);
    midi.close();
    const check = validateSmf(readFileSync(path));
    expect(check.problems).toEqual([]);
    expect(check.tempos.map((t) => [t.tick, t.microsecondsPerQuarter])).toEqual([
      [0, 500000],
      [4 * PPQ, 666667],
    ]);
    expect(check.notes.map((n) => [n.on, n.off])).toEqual([[4 * PPQ, 5 * PPQ]]);
    expect(s.problems).toEqual([]);
  });

  it("once stopped, its recording ends where it stopped: sounding notes end there, the file lasts until there", async () => {
    const path = tempFile("stopped.mid");
    const { system, play, midi } = setup({ outPath: path });
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 0.5 });
    play({ tick: 480, pitch: 48, velocity: 1, gateBeats: 8 });
    await system.runUntilTick(4 * PPQ);
    expect(midi.toSong().endTick).toBeUndefined(); // still playing
    system.stop();
    expect(midi.stoppedAt).toBe(4 * PPQ);
    const song = midi.close();
    expect(song.endTick).toBe(4 * PPQ);
    const check = validateSmf(readFileSync(path));
    expect(check.notes.map((n) => [n.pitch, n.on, n.off])).toEqual([
      [60, 0, 480],
      [48, 480, 4 * PPQ],
    ]);
    expect(check.endTicks).toEqual([4 * PPQ, 4 * PPQ]);
  });

  it("close() without an outPath writes nothing and returns the recording", () => {
    const { play, midi } = setup();
    play({ tick: 0, pitch: 60, velocity: 1, gateBeats: 1 });
    const song = midi.close();
    expect(midi.outPath).toBeUndefined();
    expect(song.ppq).toBe(960);
    expect(song.tracks[0]!.notes).toHaveLength(1);
  });
});
