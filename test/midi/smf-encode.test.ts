/** The fast SMF encoder writes exactly what midi-file writes, in linear time. */
import midiFile from "midi-file";
import { describe, expect, it } from "vitest";
import { encodeMidi } from "../../src/midi/smf-encode.ts";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import { bigSong as song } from "./big-song.ts";

describe("SMF encoder", () => {
  it("is byte-identical to midi-file's writer (no running status)", () => {
    const bytes = writeSmf(song());
    const parsed = midiFile.parseMidi(bytes);
    const theirs = Uint8Array.from(midiFile.writeMidi(parsed, { running: false }));
    expect(Buffer.from(encodeMidi(parsed)).equals(Buffer.from(theirs))).toBe(true);
    expect(Buffer.from(bytes).equals(Buffer.from(theirs))).toBe(true);
  });

  // How fast: `npm run bench -- render` (goal: this song in under 200 ms).
  it("round-trips with thousands of tempo changes", () => {
    const bytes = writeSmf(song());
    const back = readSmf(bytes);
    expect(back.danglingNoteOns).toBe(0);
    expect(back.tempos.length).toBe(2000);
    expect(back.keySignatures).toEqual([{ tick: 0, sharps: -3, minor: true }]);
  });
});
