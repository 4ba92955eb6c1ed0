import { describe, expect, it } from "vitest";
import type { MidiMessage } from "../../../src/midi/input/messages.ts";
import { MidiParser } from "../../../src/midi/input/parser.ts";

/** One line per message, as a table reads: "noteOn ch0 60 v100", "error: …". */
function show(m: MidiMessage): string {
  switch (m.type) {
    case "noteOn":
    case "noteOff":
      return `${m.type} ch${m.channel} ${m.note} v${m.velocity}`;
    case "polyPressure":
      return `polyPressure ch${m.channel} ${m.note} p${m.pressure}`;
    case "cc":
      return `cc ch${m.channel} ${m.controller}=${m.value}`;
    case "program":
      return `program ch${m.channel} ${m.program}`;
    case "channelPressure":
      return `channelPressure ch${m.channel} p${m.pressure}`;
    case "pitchBend":
      return `pitchBend ch${m.channel} ${m.value}`;
    case "sysex":
      return `sysex ${m.bytes.length} bytes`;
    case "mtcQuarterFrame":
      return `mtc ${m.piece}:${m.value}`;
    case "songPosition":
      return `songPosition ${m.sixteenths}`;
    case "songSelect":
      return `songSelect ${m.song}`;
    case "error":
      return `error: ${m.message}`;
    default:
      return m.type;
  }
}

const parse = (...chunks: number[][]): string[] => {
  const p = new MidiParser();
  return chunks.flatMap((c) => p.push(c)).map(show);
};

describe("MidiParser: messages", () => {
  it.each([
    [[0x90, 60, 100], "noteOn ch0 60 v100"],
    [[0x9f, 60, 0], "noteOff ch15 60 v0"],
    [[0x83, 61, 64], "noteOff ch3 61 v64"],
    [[0xa1, 60, 33], "polyPressure ch1 60 p33"],
    [[0xb2, 74, 127], "cc ch2 74=127"],
    [[0xc4, 5], "program ch4 5"],
    [[0xd5, 90], "channelPressure ch5 p90"],
    [[0xe0, 0, 0x40], "pitchBend ch0 0"],
    [[0xe0, 0, 0], "pitchBend ch0 -8192"],
    [[0xe0, 0x7f, 0x7f], "pitchBend ch0 8191"],
    [[0xf1, 0x35], "mtc 3:5"],
    [[0xf2, 0x10, 0x01], "songPosition 144"],
    [[0xf3, 7], "songSelect 7"],
    [[0xf6], "tuneRequest"],
    [[0xf8], "clock"],
    [[0xfa], "start"],
    [[0xfb], "continue"],
    [[0xfc], "stop"],
    [[0xfe], "activeSensing"],
    [[0xff], "reset"],
    [[0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7], "sysex 6 bytes"],
  ])("%j → %s", (bytes, expected) => {
    expect(parse(bytes)).toEqual([expected]);
  });

  it("keeps the raw bytes (running status restored) and the arrival time", () => {
    const p = new MidiParser();
    const out = p.push([0xb0, 1, 10, 1, 11], 1234.5);
    expect(out.map((m) => m.bytes)).toEqual([
      [0xb0, 1, 10],
      [0xb0, 1, 11],
    ]);
    expect(out.map((m) => m.atMs)).toEqual([1234.5, 1234.5]);
  });

  it("follows running status, including note-on velocity 0 as note-off", () => {
    expect(parse([0x90, 60, 100, 64, 90, 60, 0, 64, 0])).toEqual([
      "noteOn ch0 60 v100",
      "noteOn ch0 64 v90",
      "noteOff ch0 60 v0",
      "noteOff ch0 64 v0",
    ]);
  });

  it("parses the same stream split at every possible point into the same messages", () => {
    const stream = [0x90, 60, 100, 62, 90, 0xb3, 7, 100, 0xf8, 0xc0, 4, 0xf0, 1, 2, 3, 0xf7, 0xe1, 0, 64, 0xf2, 8, 0, 0x80, 60, 0];
    const whole = parse(stream);
    expect(whole).toHaveLength(9);
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b++) {
        expect(parse(stream.slice(0, a), stream.slice(a, b), stream.slice(b))).toEqual(whole);
      }
    }
    // One byte per push, as a slow serial port would deliver them.
    expect(parse(...stream.map((x) => [x]))).toEqual(whole);
  });

  it("passes real-time bytes through from inside a note-on and a SysEx without disturbing them", () => {
    expect(parse([0x90, 0xf8, 60, 0xfe, 100, 0xfa, 62, 0xf8, 101])).toEqual([
      "clock",
      "activeSensing",
      "noteOn ch0 60 v100",
      "start",
      "clock",
      "noteOn ch0 62 v101",
    ]);
    const p = new MidiParser();
    const out = p.push([0xf0, 0x41, 0xf8, 0x10, 0xfc, 0xf7]);
    expect(out.map(show)).toEqual(["clock", "stop", "sysex 4 bytes"]);
    expect(out[2]!.bytes).toEqual([0xf0, 0x41, 0x10, 0xf7]);
  });

  it("system common messages cancel running status", () => {
    expect(parse([0x90, 60, 100, 0xf3, 1, 61, 100])).toEqual([
      "noteOn ch0 60 v100",
      "songSelect 1",
      "error: stray data bytes 0x3D 0x64 with no status (expected a status byte 0x80–0xFF first, e.g. 0x90 for a note); skipped to the next status byte",
    ]);
  });
});

describe("MidiParser: bad input is reported, never thrown, and parsing resumes at the next status byte", () => {
  it.each<[string, number[], string[]]>([
    [
      "stray data bytes at the start",
      [0x3c, 0x40, 0x90, 60, 1],
      [
        "error: stray data bytes 0x3C 0x40 with no status (expected a status byte 0x80–0xFF first, e.g. 0x90 for a note); skipped to the next status byte",
        "noteOn ch0 60 v1",
      ],
    ],
    [
      "an undefined system common status and its data",
      [0xf4, 1, 2, 0xb0, 1, 2],
      [
        "error: undefined status byte 0xF4 (not a MIDI 1.0 message) and the 2 data bytes after it (0x01 0x02); skipped to the next status byte",
        "cc ch0 1=2",
      ],
    ],
    ["undefined status 0xF5 alone", [0xf5], ["error: undefined status byte 0xF5 (not a MIDI 1.0 message); skipped to the next status byte"]],
    [
      "undefined real-time bytes are ignored in place",
      [0x90, 60, 0xf9, 100, 0xfd],
      ["error: undefined real-time byte 0xF9 (not a MIDI 1.0 message); ignored", "noteOn ch0 60 v100", "error: undefined real-time byte 0xFD (not a MIDI 1.0 message); ignored"],
    ],
    [
      "a note-on cut short by another status",
      [0x90, 60, 0x80, 60, 0],
      ["error: truncated Note On (channel 1) 0x90 0x3C: expected 2 data bytes, got 1 before status 0x80; discarded", "noteOff ch0 60 v0"],
    ],
    [
      "a lone status byte",
      [0xc2, 0xf6],
      ["error: truncated Program Change (channel 3) 0xC2: expected 1 data byte, got 0 before status 0xF6; discarded", "tuneRequest"],
    ],
    ["real-time bytes inside a song position are no truncation", [0xf2, 0xf8, 5, 0xfc, 1], ["clock", "stop", "songPosition 133"]],
    [
      "a SysEx interrupted by a status byte",
      [0xf0, 0x43, 0x10, 0x90, 60, 100],
      ["error: unterminated SysEx 0xF0 0x43 0x10 (3 bytes): expected 0xF7 before status 0x90; discarded", "noteOn ch0 60 v100"],
    ],
    ["an End of SysEx with no SysEx", [0xf7], ["error: End of SysEx 0xF7 without a SysEx in progress (expected 0xF0 … 0xF7); ignored"]],
    ["a value that is not a byte", [0x90, 300, 60, 100], ["error: not a byte: 300 (expected an integer 0–255); skipped", "noteOn ch0 60 v100"]],
  ])("%s", (_what, bytes, expected) => {
    expect(parse(bytes)).toEqual(expected);
  });

  it("reports a truncated song position (real-time bytes do not cut a message short)", () => {
    expect(parse([0xf2, 5, 0xf8, 0xc0])).toEqual([
      "clock",
      "error: truncated Song Position 0xF2 0x05: expected 2 data bytes, got 1 before status 0xC0; discarded",
    ]);
  });

  it("drops a SysEx over the limit with one error, keeps memory bounded, and parses on", () => {
    const p = new MidiParser({ maxSysexBytes: 16 });
    const body = Array.from({ length: 100 }, (_, i) => i & 0x7f);
    const out = [...p.push([0xf0, ...body]), ...p.push([0xf7, 0x90, 60, 100])].map(show);
    expect(out).toEqual([
      "error: SysEx 0xF0 0x00 0x01 0x02 … (16 bytes) of 102 bytes exceeds the limit of 16 bytes (maxSysexBytes); discarded",
      "noteOn ch0 60 v100",
    ]);
    expect(parse([0xf0, ...body.slice(0, 14), 0xf7])).toEqual(["sysex 16 bytes"]);
  });

  it("reports a message left incomplete when the input ends", () => {
    const p = new MidiParser();
    expect(p.push([0xb0, 7])).toEqual([]);
    expect(p.end().map(show)).toEqual(["error: truncated Control Change (channel 1) 0xB0 0x07: expected 2 data bytes, got 1 before the end of input; discarded"]);
    expect(p.push([100]).map(show)[0]).toMatch(/^error: stray data byte 0x64/);
    p.push([0xf0, 1]);
    expect(p.end().map(show)).toEqual(["error: unterminated SysEx 0xF0 0x01 (2 bytes): expected 0xF7 before the end of input; discarded"]);
  });

  it("survives random garbage without throwing and keeps parsing after it", () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    const p = new MidiParser({ maxSysexBytes: 64 });
    for (let i = 0; i < 2000; i++) p.push(Array.from({ length: 1 + (i % 7) }, () => Math.floor(rand())));
    p.push([0xf7]); // close any SysEx the garbage left open
    expect(p.push([0x90, 60, 100]).filter((m) => m.type !== "error").map(show)).toEqual(["noteOn ch0 60 v100"]);
  });
});
