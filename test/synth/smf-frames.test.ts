/** Where each message of a MIDI file falls, in frames: the tempo map, the merge of tracks, the bytes. */
import midiFile from "midi-file";
import type { MidiEvent } from "midi-file";
import { describe, expect, it } from "vitest";
import { smfFrames } from "../../src/synth/smf-frames.ts";

const { writeMidi } = midiFile;
const RATE = 48_000;

/** A format-1 file at 480 ticks per quarter from tracks of [tick, event] (absolute ticks). */
function smf(tracks: [number, Partial<MidiEvent> & { type: string }][][], ticksPerBeat = 480): Uint8Array {
  const encoded = tracks.map((events) => {
    let last = 0;
    const out = events.map(([tick, e]) => {
      const d = { ...e, deltaTime: tick - last } as MidiEvent;
      last = tick;
      return d;
    });
    out.push({ deltaTime: 0, meta: true, type: "endOfTrack" } as MidiEvent);
    return out;
  });
  return Uint8Array.from(writeMidi({ header: { format: 1, numTracks: tracks.length, ticksPerBeat }, tracks: encoded }));
}

const tempo = (bpm: number) => ({ meta: true, type: "setTempo", microsecondsPerBeat: Math.round(60_000_000 / bpm) }) as const;
const on = (noteNumber: number, channel = 0) => ({ type: "noteOn", channel, noteNumber, velocity: 100 }) as const;
const off = (noteNumber: number, channel = 0) => ({ type: "noteOff", channel, noteNumber, velocity: 0 }) as const;

describe("smfFrames", () => {
  it.each([
    // [what, conductor track, note tick, seconds]
    ["no tempo event: 120 bpm", [], 960, 1],
    ["60 bpm from the start", [[0, tempo(60)]], 960, 2],
    ["120, then 60 from beat 1", [[0, tempo(120)], [480, tempo(60)]], 960, 0.5 + 1],
    ["120, then 240 from beat 1, then 60 from beat 2", [[480, tempo(240)], [720, tempo(60)]], 960, 0.5 + 0.125 + 0.5],
    ["two tempos on one tick: the later in the file", [[0, tempo(60)], [0, tempo(240)]], 960, 0.5],
    ["a change after the note moves nothing", [[1440, tempo(30)]], 960, 1],
  ] as [string, [number, ReturnType<typeof tempo>][], number, number][])("%s", (_what, conductor, tick, seconds) => {
    const f = smfFrames(smf([conductor, [[tick, on(60)], [tick + 240, off(60)]]]), RATE);
    expect(f.messages[0]).toEqual({ frame: Math.round(seconds * RATE), bytes: [0x90, 60, 100] });
  });

  it("a tempo change in a later track applies to every track", () => {
    const f = smfFrames(smf([[[0, on(60)], [960, on(62)]], [[480, tempo(60)]]]), RATE);
    expect(f.messages.map((m) => m.frame)).toEqual([0, Math.round(1.5 * RATE)]);
  });

  it("tracks merge by time; on one tick note-offs go first, then the file's order", () => {
    const pedal = { type: "controller", channel: 0, controllerType: 64, value: 127 } as const;
    const f = smfFrames(smf([[], [[0, on(60)], [480, pedal], [480, on(64)]], [[0, on(67, 1)], [480, off(60)]]]), RATE);
    expect(f.messages.map((m) => m.bytes)).toEqual([
      [0x90, 60, 100],
      [0x91, 67, 100],
      [0x80, 60, 0],
      [0xb0, 64, 127],
      [0x90, 64, 100],
    ]);
  });

  it.each([
    ["pitch bend up full", { type: "pitchBend", channel: 2, value: 8191 }, [0xe2, 0x7f, 0x7f]],
    ["pitch bend centre", { type: "pitchBend", channel: 2, value: 0 }, [0xe2, 0x00, 0x40]],
    ["pitch bend down full", { type: "pitchBend", channel: 2, value: -8192 }, [0xe2, 0x00, 0x00]],
    ["program change", { type: "programChange", channel: 9, programNumber: 25 }, [0xc9, 25]],
    ["channel pressure", { type: "channelAftertouch", channel: 3, amount: 90 }, [0xd3, 90]],
    ["poly pressure", { type: "noteAftertouch", channel: 4, noteNumber: 61, amount: 70 }, [0xa4, 61, 70]],
  ] as [string, MidiEvent, number[]][])("%s becomes its wire bytes", (_what, event, bytes) => {
    expect(smfFrames(smf([[[0, event]]]), RATE).messages).toEqual([{ frame: 0, bytes }]);
  });

  it("meta events make no message; the file ends at its last end-of-track (a closing rest counts)", () => {
    const f = smfFrames(smf([[[0, { meta: true, type: "trackName", text: "x" }], [0, on(60)], [240, off(60)], [1920, { meta: true, type: "marker", text: "end" }]]]), RATE);
    expect(f.messages).toHaveLength(2);
    expect(f.endFrame).toBe(2 * RATE);
    expect(f.seconds).toBe(2);
  });

  it("a broken file or SMPTE time is one Error with one line", () => {
    expect(() => smfFrames(Uint8Array.from([1, 2, 3, 4]), RATE)).toThrow(/^not a readable MIDI file: [^\n]+$/);
    const smpte = smf([[[0, on(60)]]]);
    smpte[12] = 0xe7; // division: −25 frames per second …
    smpte[13] = 40; // … 40 ticks per frame
    expect(() => smfFrames(smpte, RATE)).toThrow(/SMPTE/);
  });
});
