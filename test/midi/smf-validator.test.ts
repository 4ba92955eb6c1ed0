import { describe, expect, it } from "vitest";
import { chunk, END_OF_TRACK, header, validateSmf, vlq } from "./smf-validator.ts";

// A small, valid format 0 file, written by hand from the spec: tempo 120 (500000 µs), 3/4,
// a C4 note-on, then E4 with running status, both released with note-on velocity 0.
const goodTrack = [
  0x00, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20, // tempo 500000
  0x00, 0xff, 0x58, 0x04, 0x03, 0x02, 0x18, 0x08, // 3/4
  0x00, 0x90, 60, 100, // note on C4
  0x00, 64, 90, // running status: note on E4
  ...vlq(480), 60, 0, // running status: C4 off (velocity 0) after 480 ticks
  ...vlq(200), 0x80, 64, 0x40, // E4 off, explicit note-off
  ...END_OF_TRACK,
];
const good = (): number[] => [...header(0, 1, 480), ...chunk("MTrk", goodTrack)];

describe("the SMF validator itself", () => {
  it("encodes variable-length quantities as the spec's examples", () => {
    expect(vlq(0)).toEqual([0x00]);
    expect(vlq(0x40)).toEqual([0x40]);
    expect(vlq(0x7f)).toEqual([0x7f]);
    expect(vlq(0x80)).toEqual([0x81, 0x00]);
    expect(vlq(0x2000)).toEqual([0xc0, 0x00]);
    expect(vlq(0x3fff)).toEqual([0xff, 0x7f]);
    expect(vlq(0x4000)).toEqual([0x81, 0x80, 0x00]);
    expect(vlq(0x0fffffff)).toEqual([0xff, 0xff, 0xff, 0x7f]);
  });

  it("accepts a hand-built valid file and parses it, running status included", () => {
    const r = validateSmf(good());
    expect(r.problems).toEqual([]);
    expect([r.format, r.ntrks, r.ppq, r.trackCount]).toEqual([0, 1, 480, 1]);
    expect(r.tempos).toEqual([{ tick: 0, microsecondsPerQuarter: 500000, bpm: 120 }]);
    expect(r.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4, clocksPerClick: 24, thirtySecondsPerQuarter: 8 }]);
    expect(r.notes).toEqual([
      { track: 0, channel: 0, pitch: 60, velocity: 100, on: 0, off: 480 },
      { track: 0, channel: 0, pitch: 64, velocity: 90, on: 0, off: 680 },
    ]);
    expect(r.endTicks).toEqual([680]);
  });

  it("accepts a 4-byte delta time, the longest allowed", () => {
    const track = [...vlq(0x0fffffff), 0xff, 0x2f, 0x00];
    const r = validateSmf([...header(0, 1, 96), ...chunk("MTrk", track)]);
    expect(r.problems).toEqual([]);
    expect(r.endTicks).toEqual([0x0fffffff]);
  });

  it("catches a wrong header: not MThd, wrong length, format 0 with two tracks, ntrks mismatch", () => {
    expect(validateSmf([0x4d, 0x54, 0x68, 0x65, ...good().slice(4)]).problems[0]).toMatch(/does not start with "MThd"/);
    const longHeader = [...chunk("MThd", [0, 0, 0, 1, 1, 0xe0, 0, 0]), ...chunk("MTrk", goodTrack)];
    expect(validateSmf(longHeader).problems).toEqual(["header chunk length must be 6, got 8"]);
    const twoTracks = [...header(0, 2, 480), ...chunk("MTrk", goodTrack), ...chunk("MTrk", END_OF_TRACK)];
    expect(validateSmf(twoTracks).problems).toEqual(["format 0 must have exactly 1 track, header says 2"]);
    const missing = [...header(1, 3, 480), ...chunk("MTrk", goodTrack)];
    expect(validateSmf(missing).problems).toEqual(["header says 3 track(s), file has 1 MTrk chunk(s)"]);
    expect(validateSmf([...header(1, 1, 0), ...chunk("MTrk", END_OF_TRACK)]).problems).toEqual([
      "division (ticks per quarter note) must be positive, got 0",
    ]);
  });

  it("catches a truncated chunk", () => {
    const bytes = good();
    const r = validateSmf(bytes.slice(0, bytes.length - 3));
    expect(r.problems[0]).toMatch(/chunk "MTrk" at offset 14 is truncated: length \d+, only \d+ byte\(s\) left/);
  });

  it("catches a chunk length that does not match its contents (trailing bytes)", () => {
    const r = validateSmf([...good(), 0x00, 0x00, 0x00]);
    expect(r.problems).toEqual([`3 trailing byte(s) after the last chunk at offset ${good().length}`]);
  });

  it("catches a variable-length quantity longer than 4 bytes", () => {
    const track = [0x81, 0x80, 0x80, 0x80, 0x00, 0xff, 0x2f, 0x00];
    const r = validateSmf([...header(0, 1, 480), ...chunk("MTrk", track)]);
    expect(r.problems).toContain("track 0 offset 22: variable-length quantity longer than 4 bytes");
  });

  it("catches a missing end-of-track, and events after it", () => {
    const noEnd = goodTrack.slice(0, -END_OF_TRACK.length);
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", noEnd)]).problems).toEqual(["track 0: no end-of-track event"]);
    const after = [...END_OF_TRACK, 0x00, 0x90, 60, 100];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", after)]).problems[0]).toMatch(/byte\(s\) after the end-of-track event/);
  });

  it("catches a data byte ≥ 0x80 in a channel message", () => {
    const track = [0x00, 0x90, 60, 0x90, 0x10, 0x80, 60, 0, ...END_OF_TRACK];
    const r = validateSmf([...header(0, 1, 480), ...chunk("MTrk", track)]);
    expect(r.problems.some((p) => /data byte 0x90 ≥ 0x80 in channel message 0x90/.test(p))).toBe(true);
  });

  it("catches a data byte with no running status in effect, and running status after a meta event", () => {
    const noStatus = [0x00, 60, 100, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", noStatus)]).problems[0]).toMatch(/data byte 0x3c with no status byte/);
    // A meta event cancels running status: the data bytes after it have no status.
    const afterMeta = [0x00, 0x90, 60, 100, 0x00, 0xff, 0x01, 0x01, 0x41, 0x10, 60, 0, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", afterMeta)]).problems[0]).toMatch(/with no status byte/);
  });

  it("catches a dangling note-on, a note-off with no note-on, a re-struck sounding note and a zero-length note", () => {
    const dangling = [0x00, 0x91, 60, 100, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", dangling)]).problems).toEqual([
      "track 0: note never ended (channel 1, pitch 60, on at tick 0)",
    ]);
    const orphanOff = [0x00, 0x80, 61, 0, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", orphanOff)]).problems[0]).toMatch(/note-off without a sounding note \(channel 0, pitch 61/);
    const restrike = [0x00, 0x90, 60, 100, 0x10, 60, 100, 0x10, 60, 0, 0x10, 60, 0, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", restrike)]).problems[0]).toMatch(/note-on of a sounding note/);
    const zero = [0x00, 0x90, 60, 100, 0x00, 60, 0, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", zero)]).problems).toEqual([
      "track 0 offset 27: zero-length note (channel 0, pitch 60, tick 0)",
    ]);
  });

  it("catches meta events of the wrong length, and tempo or metre outside the first track", () => {
    const badTempo = [0x00, 0xff, 0x51, 0x02, 0x07, 0xa1, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", badTempo)]).problems).toEqual([
      "track 0 offset 23: tempo meta event must have length 3, got 2",
    ]);
    const badMetre = [0x00, 0xff, 0x58, 0x03, 4, 2, 24, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", badMetre)]).problems[0]).toMatch(/time signature meta event must have length 4, got 3/);
    const badEnd = [0x00, 0xff, 0x2f, 0x01, 0x00];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", badEnd)]).problems).toEqual([
      "track 0 offset 23: end of track meta event must have length 0, got 1",
      "track 0: no end-of-track event",
    ]);
    const tempoInTrack2 = [...header(1, 2, 480), ...chunk("MTrk", END_OF_TRACK), ...chunk("MTrk", [0x00, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20, ...END_OF_TRACK])];
    expect(validateSmf(tempoInTrack2).problems[0]).toMatch(/tempo event outside the first track of a format 1 file/);
  });

  it("catches two tracks sounding the same key of the same channel at once", () => {
    const note = (on: number, len: number) => [...vlq(on), 0x90, 60, 100, ...vlq(len), 0x80, 60, 0, ...END_OF_TRACK];
    const overlap = [...header(1, 2, 480), ...chunk("MTrk", note(0, 480)), ...chunk("MTrk", note(240, 480))];
    expect(validateSmf(overlap).problems).toEqual(["tracks 0 and 1 overlap on channel 0 pitch 60 at tick 240"]);
    const apart = [...header(1, 2, 480), ...chunk("MTrk", note(0, 240)), ...chunk("MTrk", note(240, 480))];
    expect(validateSmf(apart).problems).toEqual([]);
  });

  it("catches status bytes a MIDI file may not contain", () => {
    const track = [0x00, 0xf8, ...END_OF_TRACK];
    expect(validateSmf([...header(0, 1, 480), ...chunk("MTrk", track)]).problems[0]).toMatch(/status byte 0xf8 is not allowed/);
  });
});
