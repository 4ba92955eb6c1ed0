/** The fast SMF encoder writes exactly what midi-file writes, in linear time. */
import midiFile from "midi-file";
import { describe, expect, it } from "vitest";
import { encodeMidi } from "../../src/midi/smf-encode.ts";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import type { Song } from "../../src/song/song.ts";

function song(): Song {
  const notes = Array.from({ length: 3000 }, (_, i) => ({ tick: i * 120, endTick: i * 120 + 100 + (i % 7) * 500, pitch: 30 + ((i * 7) % 70), velocity: 1 + (i % 127), channel: i % 3 }));
  return {
    ppq: 960,
    tempos: Array.from({ length: 2000 }, (_, i) => ({ tick: i * 240, bpm: 90 + (i % 40) })),
    timeSignatures: [{ tick: 0, numerator: 6, denominator: 8 }],
    keySignatures: [{ tick: 0, sharps: -3, minor: true }],
    tracks: [
      { name: "melody", notes, programs: [{ tick: 0, channel: 0, program: 0 }] },
      { name: "bass", notes: notes.slice(0, 100), controls: [{ tick: 10, channel: 0, controller: 64, value: 127 }, { tick: 20_000_000, channel: 0, controller: 64, value: 0 }] },
    ],
  };
}

describe("SMF encoder", () => {
  it("is byte-identical to midi-file's writer (no running status)", () => {
    const bytes = writeSmf(song());
    const parsed = midiFile.parseMidi(bytes);
    const theirs = Uint8Array.from(midiFile.writeMidi(parsed, { running: false }));
    expect(Buffer.from(encodeMidi(parsed)).equals(Buffer.from(theirs))).toBe(true);
    expect(Buffer.from(bytes).equals(Buffer.from(theirs))).toBe(true);
  });

  it("round-trips and is fast with thousands of tempo changes", () => {
    const s = song();
    const t0 = performance.now();
    const bytes = writeSmf(s);
    const ms = performance.now() - t0;
    const back = readSmf(bytes);
    expect(back.danglingNoteOns).toBe(0);
    expect(back.tempos.length).toBe(2000);
    expect(back.keySignatures).toEqual([{ tick: 0, sharps: -3, minor: true }]);
    expect(ms).toBeLessThan(200);
  });
});
