import midiFile from "midi-file";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { PPQ, readSmf, writeSmf, type Song, type SongNote } from "../../src/index.ts";
import type { SongControl, SongProgram } from "../../src/song/song.ts";
import { validateSmf, type SmfCheck } from "./smf-validator.ts";

const note = (tick: number, endTick: number, pitch: number, velocity = 100, channel = 0): SongNote => ({ tick, endTick, pitch, velocity, channel });

/** Write a song, insist the bytes are a valid SMF, and return both views of it. */
function write(song: Song): { bytes: Uint8Array; check: SmfCheck } {
  const bytes = writeSmf(song);
  const check = validateSmf(bytes);
  expect(check.problems).toEqual([]);
  return { bytes, check };
}

const strip = (notes: SongNote[]) => notes.map(({ tick, endTick, pitch, velocity, channel }) => ({ tick, endTick, pitch, velocity, channel }));

describe("writeSmf / readSmf", () => {
  it("writes format 1 at PPQ 960: a conductor track plus one track per song track", () => {
    const { check } = write({ ppq: PPQ, tempos: [{ tick: 0, bpm: 120 }], tracks: [{ name: "lead", notes: [note(0, 480, 60)] }] });
    expect([check.format, check.ntrks, check.trackCount, check.ppq]).toEqual([1, 2, 2, 960]);
    expect(check.trackNames).toEqual(["magicbus", "lead"]);
    expect(check.tempos).toEqual([{ tick: 0, microsecondsPerQuarter: 500000, bpm: 120 }]);
    // No time signature given: 4/4 is written.
    expect(check.timeSignatures).toEqual([{ tick: 0, numerator: 4, denominator: 4, clocksPerClick: 24, thirtySecondsPerQuarter: 8 }]);
  });

  it("round-trips notes exactly: ticks, gates, pitches, velocities, channels", () => {
    const notes = [
      note(0, 211, 60, 127, 0),
      note(0, 960, 64, 1, 0),
      note(240, 241, 0, 64, 9),
      note(480, 3840, 127, 90, 15),
      note(100_000, 100_001, 72, 50, 3),
    ];
    const { bytes, check } = write({ ppq: PPQ, tempos: [{ tick: 0, bpm: 120 }], tracks: [{ notes }] });
    const back = readSmf(bytes);
    expect(back.ppq).toBe(960);
    expect(back.danglingNoteOns).toBe(0);
    expect(back.tracks).toHaveLength(2);
    expect(back.tracks[0]!.notes).toEqual([]);
    const sortKey = (a: SongNote, b: SongNote) => a.tick - b.tick || a.pitch - b.pitch;
    expect(strip(back.tracks[1]!.notes).sort(sortKey)).toEqual([...notes].sort(sortKey));
    // The independent parser agrees, note for note.
    expect(check.notes.map((n) => [n.on, n.off, n.pitch, n.velocity, n.channel]).sort((a, b) => a[0]! - b[0]! || a[2]! - b[2]!)).toEqual(
      [...notes].sort(sortKey).map((n) => [n.tick, n.endTick, n.pitch, n.velocity, n.channel]),
    );
  });

  it("writes a note ending where the next of the same pitch starts as off-then-on, so both sound", () => {
    const { check } = write({ ppq: PPQ, tempos: [{ tick: 0, bpm: 120 }], tracks: [{ notes: [note(0, 480, 60), note(480, 960, 60)] }] });
    expect(check.notes.map((n) => [n.on, n.off])).toEqual([
      [0, 480],
      [480, 960],
    ]);
  });

  it("round-trips tempos, including a change in the middle of the song", () => {
    const tempos = [
      { tick: 0, bpm: 120 },
      { tick: 3 * PPQ + 480, bpm: 90 },
      { tick: 8 * PPQ, bpm: 150 },
    ];
    const { bytes, check } = write({ ppq: PPQ, tempos, tracks: [{ notes: [note(0, 12 * PPQ, 60)] }] });
    expect(check.tempos.map((t) => [t.tick, t.microsecondsPerQuarter])).toEqual([
      [0, 500000],
      [3360, 666667],
      [7680, 400000],
    ]);
    const back = readSmf(bytes).tempos;
    expect(back.map((t) => t.tick)).toEqual([0, 3360, 7680]);
    back.forEach((t, i) => expect(t.bpm).toBeCloseTo(tempos[i]!.bpm, 3));
  });

  it("round-trips time signatures and key signatures", () => {
    const song: Song = {
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 100 }],
      timeSignatures: [
        { tick: 0, numerator: 3, denominator: 4 },
        { tick: 3 * PPQ * 2, numerator: 6, denominator: 8 },
        { tick: 9 * PPQ, numerator: 7, denominator: 16 },
      ],
      keySignatures: [{ tick: 0, sharps: -3, minor: true }],
      tracks: [],
    };
    const { bytes, check } = write(song);
    expect(check.timeSignatures.map((t) => [t.tick, t.numerator, t.denominator])).toEqual([
      [0, 3, 4],
      [5760, 6, 8],
      [8640, 7, 16],
    ]);
    const back = readSmf(bytes);
    expect(back.timeSignatures).toEqual(song.timeSignatures);
    expect(back.keySignatures).toEqual([{ tick: 0, sharps: -3, minor: true }]);
  });

  it("round-trips control and program changes, placed before the notes of the same tick", () => {
    const song: Song = {
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }],
      tracks: [
        {
          name: "keys",
          notes: [note(960, 1920, 60, 80, 2)],
          controls: [
            { tick: 960, channel: 2, controller: 64, value: 127 },
            { tick: 1920, channel: 2, controller: 64, value: 0 },
            { tick: 10, channel: 0, controller: 1, value: 5 },
          ],
          programs: [{ tick: 960, channel: 2, program: 19 }],
        },
      ],
    };
    const { bytes, check } = write(song);
    expect(check.controls.map((c) => [c.tick, c.channel, c.controller, c.value])).toEqual([
      [10, 0, 1, 5],
      [960, 2, 64, 127],
      [1920, 2, 64, 0],
    ]);
    expect(check.programs).toEqual([{ track: 1, tick: 960, channel: 2, program: 19 }]);
    const back = readSmf(bytes);
    expect(back.tracks[1]!.name).toBe("keys");
    expect(back.tracks[1]!.controls).toEqual([...song.tracks[0]!.controls!].sort((a, b) => a.tick - b.tick));
    expect(back.tracks[1]!.programs).toEqual(song.tracks[0]!.programs);

    // Byte order at tick 960: pedal, program, then the note-on.
    const at960 = orderOfEvents(bytes, 1).filter((e) => e.tick === 960).map((e) => e.status & 0xf0);
    expect(at960).toEqual([0xb0, 0xc0, 0x90]);
  });

  it("keeps several tracks apart, each with its own name and notes", () => {
    const song: Song = {
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }],
      tracks: [
        { name: "bass", notes: [note(0, 960, 36, 100, 1)] },
        { name: "drums", notes: [note(0, 120, 36, 110, 9), note(480, 600, 38, 90, 9)] },
        { name: "lead", notes: [note(240, 720, 72, 70, 0)] },
      ],
    };
    const { bytes, check } = write(song);
    expect(check.trackNames).toEqual(["magicbus", "bass", "drums", "lead"]);
    expect(check.notes.map((n) => [n.track, n.pitch, n.channel])).toEqual([
      [1, 36, 1],
      [2, 36, 9],
      [2, 38, 9],
      [3, 72, 0],
    ]);
    const back = readSmf(bytes);
    expect(back.tracks.map((t) => t.name)).toEqual(["magicbus", "bass", "drums", "lead"]);
    expect(back.tracks.map((t) => t.notes.length)).toEqual([0, 1, 2, 1]);
  });

  it("cuts an overlapping note of the same pitch and channel where the next one starts", () => {
    const { bytes, check } = write({
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }],
      tracks: [{ notes: [note(0, 960, 60), note(480, 1440, 60), note(600, 700, 60, 100, 1), note(100, 2000, 62)] }],
    });
    const found = check.notes.map((n) => [n.channel, n.pitch, n.on, n.off]).sort((a, b) => a[2]! - b[2]!);
    expect(found).toEqual([
      [0, 60, 0, 480], // cut where the next C4 starts
      [0, 62, 100, 2000],
      [0, 60, 480, 1440],
      [1, 60, 600, 700], // another channel: untouched
    ]);
    expect(readSmf(bytes).danglingNoteOns).toBe(0);
  });

  it("keeps the louder of two notes starting together on one key, and cuts overlaps across tracks too", () => {
    const { check } = write({
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }],
      tracks: [
        { notes: [note(0, 480, 60, 50), note(0, 960, 60, 120)] },
        { notes: [note(240, 720, 60, 70)] },
      ],
    });
    expect(check.notes.map((n) => [n.track, n.on, n.off, n.velocity])).toEqual([
      [1, 0, 240, 120],
      [2, 240, 720, 70],
    ]);
  });

  it("does not mutate the song it writes", () => {
    const song: Song = { ppq: PPQ, tempos: [{ tick: 0, bpm: 120 }], tracks: [{ notes: [note(0, 960, 60), note(480, 960, 60)] }] };
    const before = JSON.stringify(song);
    write(song);
    expect(JSON.stringify(song)).toBe(before);
  });

  it("never writes a hanging note for a note of no length", () => {
    const { bytes, check } = write({
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }],
      tracks: [{ notes: [note(0, 0, 60), note(0, 480, 62), note(960, 900, 64)] }],
    });
    expect(check.notes.map((n) => n.pitch)).toEqual([62]);
    expect(readSmf(bytes).danglingNoteOns).toBe(0);
  });

  it("refuses a tempo too slow for a MIDI file's 3-byte tempo instead of writing a wrong one", () => {
    // 2 bpm = 30 000 000 µs per quarter, beyond 0xFFFFFF: it would wrap to a different tempo.
    expect(() => writeSmf({ ppq: PPQ, tempos: [{ tick: 0, bpm: 2 }], tracks: [] })).toThrow(/2 bpm .*slowest/);
    // 3.6 bpm still fits.
    const { check } = write({ ppq: PPQ, tempos: [{ tick: 0, bpm: 3.6 }], tracks: [] });
    expect(check.tempos[0]!.microsecondsPerQuarter).toBe(16_666_667);
  });

  it("refuses a time signature the file cannot hold instead of writing another one", () => {
    const withMetre = (numerator: number, denominator: number): Song => ({
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }],
      timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }, { tick: 3840, numerator, denominator }],
      tracks: [],
    });
    // The denominator is stored as a power of two: 5/6 would come out as 5/4.
    expect(() => writeSmf(withMetre(5, 6))).toThrow("time signature at tick 3840: denominator must be a power of two from 1 to 64, got 6");
    // The numerator is one byte: 300/4 would come out as 44/4.
    expect(() => writeSmf(withMetre(300, 4))).toThrow("time signature at tick 3840: numerator must be an integer from 1 to 255, got 300");
    expect(() => writeSmf(withMetre(0, 4))).toThrow(/numerator must be an integer from 1 to 255, got 0/);
    const { check } = write(withMetre(15, 16));
    expect(check.timeSignatures.map((t) => [t.tick, t.numerator, t.denominator])).toEqual([
      [0, 4, 4],
      [3840, 15, 16],
    ]);
  });

  it("counts dangling note-ons when reading a file that leaves notes hanging", () => {
    // A hand-made file: one note-on, never released.
    const bytes = Uint8Array.from([
      ...[0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x03, 0xc0],
      ...[0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 8, 0x00, 0x90, 60, 100, 0x00, 0xff, 0x2f, 0x00],
    ]);
    expect(validateSmf(bytes).problems).toEqual(["track 0: note never ended (channel 0, pitch 60, on at tick 0)"]);
    const back = readSmf(bytes);
    expect(back.danglingNoteOns).toBe(1);
    expect(back.tempos).toEqual([{ tick: 0, bpm: 120 }]); // no tempo event: the SMF default
  });
});

describe("the end of a song", () => {
  it("ends every track together, with the song's last event", () => {
    const { check } = write({
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }, { tick: 1920, bpm: 100 }],
      tracks: [{ notes: [note(0, 480, 60)] }, { notes: [note(960, 1500, 36, 90, 9)], controls: [{ tick: 1700, channel: 9, controller: 7, value: 90 }] }],
    });
    expect(check.endTicks).toEqual([1920, 1920, 1920]);
  });

  it("lasts until its endTick, past its last note, and what lies beyond it is cut off", () => {
    const tail: Song = { ppq: PPQ, tempos: [{ tick: 0, bpm: 120 }], tracks: [{ notes: [note(0, 480, 60)] }], endTick: 3840 };
    expect(write(tail).check.endTicks).toEqual([3840, 3840]);

    const { bytes, check } = write({
      ppq: PPQ,
      tempos: [{ tick: 0, bpm: 120 }, { tick: 1920, bpm: 90 }, { tick: 2000, bpm: 80 }],
      timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }, { tick: 1920, numerator: 3, denominator: 4 }],
      tracks: [
        {
          notes: [note(0, 960, 60), note(960, 3000, 36), note(1920, 2400, 64)],
          controls: [{ tick: 960, channel: 0, controller: 64, value: 127 }, { tick: 1920, channel: 0, controller: 64, value: 0 }],
          programs: [{ tick: 1920, channel: 0, program: 3 }],
        },
      ],
      endTick: 1920,
    });
    expect(check.endTicks).toEqual([1920, 1920]);
    expect(check.notes.map((n) => [n.pitch, n.on, n.off])).toEqual([
      [60, 0, 960],
      [36, 960, 1920], // sounding at the end: it ends there
    ]);
    expect(check.tempos.map((t) => t.tick)).toEqual([0]);
    expect(check.timeSignatures.map((t) => t.tick)).toEqual([0]);
    expect(check.controls.map((c) => c.tick)).toEqual([960]);
    expect(check.programs).toEqual([]);
    expect(readSmf(bytes).danglingNoteOns).toBe(0);
  });
});

describe("the order of the events of one tick", () => {
  // One crowded tick (960): a re-struck key, notes ending and starting on three channels, controls
  // on two channels (an RPN on channel 1, whose parts mean something only in their order) and two
  // program changes; tempo and metre change there too.
  const notes = [
    note(0, 960, 60, 90, 0),
    note(0, 960, 36, 100, 9),
    note(480, 960, 67, 80, 1),
    note(960, 1440, 60, 90, 0), // re-struck where the first C4 ends
    note(960, 1200, 64, 70, 0),
    note(960, 1100, 36, 100, 9),
    note(960, 1920, 43, 60, 1),
    note(960, 1500, 43, 60, 1), // struck twice together, as loud: one note, the longer
    note(960, 1200, 72, 50, 2),
  ];
  const controls: SongControl[] = [
    { tick: 960, channel: 1, controller: 101, value: 0 },
    { tick: 960, channel: 1, controller: 100, value: 0 },
    { tick: 960, channel: 1, controller: 6, value: 12 },
    { tick: 960, channel: 0, controller: 64, value: 127 },
    { tick: 960, channel: 0, controller: 64, value: 0 },
  ];
  const programs: SongProgram[] = [
    { tick: 960, channel: 2, program: 5 },
    { tick: 960, channel: 0, program: 19 },
  ];
  const song = (n: SongNote[], c: SongControl[], p: SongProgram[]): Song => ({
    ppq: PPQ,
    tempos: [{ tick: 0, bpm: 120 }, { tick: 960, bpm: 90 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }, { tick: 960, numerator: 3, denominator: 4 }],
    tracks: [{ name: "midi", notes: n, controls: c, programs: p }],
  });

  it("is the same whatever order the song lists them in", () => {
    const reference = writeSmf(song(notes, controls, programs));
    expect(validateSmf(reference).notes.filter((n) => n.pitch === 43).map((n) => n.off)).toEqual([1920]);
    const rng = seedrandom("scramble");
    const shuffle = <T>(list: readonly T[]): T[] => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    };
    // Controls of one channel keep their order (an RPN scrambled is another message): shuffle
    // how the channels interleave.
    const interleave = (list: readonly SongControl[]): SongControl[] => {
      const queues = [0, 1].map((ch) => list.filter((c) => c.channel === ch));
      return shuffle(list.map((c) => c.channel)).map((ch) => queues[ch]!.shift()!);
    };
    for (let i = 0; i < 50; i++) {
      const bytes = writeSmf(song(shuffle(notes), interleave(controls), shuffle(programs)));
      expect(Buffer.from(bytes).equals(Buffer.from(reference))).toBe(true);
    }
  });

  it("puts meta events first, then note-offs, controls, programs and note-ons, each by channel, notes by pitch", () => {
    const bytes = writeSmf(song(notes, controls, programs));
    expect(validateSmf(bytes).problems).toEqual([]);
    expect(eventsAt(bytes, 0, 960)).toEqual(["tempo 666667", "metre 3/4"]);
    expect(eventsAt(bytes, 1, 960)).toEqual([
      "off 0:60",
      "off 1:67",
      "off 9:36",
      "cc 0:64=127",
      "cc 0:64=0",
      "cc 1:101=0",
      "cc 1:100=0",
      "cc 1:6=12",
      "program 0:19",
      "program 2:5",
      "on 0:60",
      "on 0:64",
      "on 1:43",
      "on 2:72",
      "on 9:36",
    ]);
  });
});

/** Channel events of one track in file order, with absolute ticks (a minimal walk for ordering checks). */
function orderOfEvents(bytes: Uint8Array, track: number): { tick: number; status: number }[] {
  let at = 14;
  for (let t = 0; t < track; t++) at += 8 + ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!);
  const len = (bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!;
  const end = at + 8 + len;
  let i = at + 8;
  let tick = 0;
  let running = 0;
  const out: { tick: number; status: number }[] = [];
  while (i < end) {
    let d = 0;
    let b: number;
    do {
      b = bytes[i++]!;
      d = d * 128 + (b & 0x7f);
    } while (b & 0x80);
    tick += d;
    let status = bytes[i]!;
    if (status & 0x80) i++;
    else status = running;
    if (status === 0xff) {
      i++;
      const l = bytes[i++]!;
      i += l;
      continue;
    }
    running = status;
    i += (status & 0xf0) === 0xc0 || (status & 0xf0) === 0xd0 ? 1 : 2;
    out.push({ tick, status });
  }
  return out;
}

/** The events of one track at one tick (but its end), in file order, as short words. */
function eventsAt(bytes: Uint8Array, track: number, tick: number): string[] {
  let t = 0;
  const out: string[] = [];
  for (const e of midiFile.parseMidi(bytes).tracks[track]!) {
    t += e.deltaTime;
    if (t !== tick || e.type === "endOfTrack") continue;
    if (e.type === "noteOff" || (e.type === "noteOn" && e.velocity === 0)) out.push(`off ${e.channel}:${e.noteNumber}`);
    else if (e.type === "noteOn") out.push(`on ${e.channel}:${e.noteNumber}`);
    else if (e.type === "controller") out.push(`cc ${e.channel}:${e.controllerType}=${e.value}`);
    else if (e.type === "programChange") out.push(`program ${e.channel}:${e.programNumber}`);
    else if (e.type === "setTempo") out.push(`tempo ${e.microsecondsPerBeat}`);
    else if (e.type === "timeSignature") out.push(`metre ${e.numerator}/${e.denominator}`);
    else out.push(e.type);
  }
  return out;
}
