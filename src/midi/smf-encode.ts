/**
 * A linear-time byte encoder for the MIDI events magicbus writes, producing exactly the bytes
 * midi-file's writeMidi produces without running status. midi-file grows its output with
 * Array.concat per chunk, which is quadratic: a 128-bar piece with a rubato tempo map (one
 * tempo per 16th) took ~300 ms to write; this takes a few. Anything else goes to midi-file.
 */
import midiFile from "midi-file";
import type { MidiData, MidiEvent } from "midi-file";

class Bytes {
  buf = new Uint8Array(1 << 14);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }

  u16(v: number): void {
    this.u8(v >> 8);
    this.u8(v);
  }

  u24(v: number): void {
    this.u8(v >> 16);
    this.u8(v >> 8);
    this.u8(v);
  }

  u32(v: number): void {
    this.u8(v >>> 24);
    this.u8(v >>> 16);
    this.u8(v >>> 8);
    this.u8(v);
  }

  varInt(v: number): void {
    if (v < 0) throw new RangeError("Cannot write negative variable-length integer");
    const groups = [v & 0x7f];
    let rest = Math.floor(v / 128);
    while (rest > 0) {
      groups.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    for (let i = groups.length - 1; i >= 0; i--) this.u8(groups[i]!);
  }

  text(s: string): void {
    this.varInt(s.length);
    for (let i = 0; i < s.length; i++) this.u8(s.codePointAt(i)!);
  }
}

const SUPPORTED = new Set(["trackName", "setTempo", "timeSignature", "keySignature", "endOfTrack", "noteOn", "noteOff", "controller", "programChange"]);

/** Encode; falls back to midi-file for event types this encoder does not know. */
export function encodeMidi(data: MidiData): Uint8Array {
  if (!data.tracks.every((t) => t.every((e) => SUPPORTED.has(e.type)))) return Uint8Array.from(midiFile.writeMidi(data));
  const out = new Bytes();
  const ascii = (s: string) => {
    for (let i = 0; i < 4; i++) out.u8(s.charCodeAt(i));
  };
  ascii("MThd");
  out.u32(6);
  out.u16(data.header.format ?? 1);
  out.u16(data.tracks.length);
  out.u16((data.header.ticksPerBeat ?? 128) & 0x7fff);
  for (const track of data.tracks) {
    ascii("MTrk");
    const lengthAt = out.length;
    out.u32(0);
    for (const e of track) writeEvent(out, e);
    const len = out.length - lengthAt - 4;
    const b = out.buf;
    b[lengthAt] = len >>> 24;
    b[lengthAt + 1] = (len >>> 16) & 0xff;
    b[lengthAt + 2] = (len >>> 8) & 0xff;
    b[lengthAt + 3] = len & 0xff;
  }
  return out.buf.slice(0, out.length);
}

function writeEvent(w: Bytes, e: MidiEvent): void {
  w.varInt(e.deltaTime);
  switch (e.type) {
    case "trackName":
      w.u8(0xff);
      w.u8(0x03);
      w.text(e.text);
      return;
    case "setTempo":
      w.u8(0xff);
      w.u8(0x51);
      w.varInt(3);
      w.u24(e.microsecondsPerBeat);
      return;
    case "timeSignature":
      w.u8(0xff);
      w.u8(0x58);
      w.varInt(4);
      w.u8(e.numerator);
      w.u8(Math.floor(Math.log(e.denominator) / Math.LN2));
      w.u8(e.metronome);
      w.u8(e.thirtyseconds || 8);
      return;
    case "keySignature":
      w.u8(0xff);
      w.u8(0x59);
      w.varInt(2);
      w.u8(e.key);
      w.u8(e.scale);
      return;
    case "endOfTrack":
      w.u8(0xff);
      w.u8(0x2f);
      w.varInt(0);
      return;
    case "noteOn":
      w.u8(0x90 | e.channel);
      w.u8(e.noteNumber);
      w.u8(e.velocity);
      return;
    case "noteOff":
      w.u8(0x80 | e.channel);
      w.u8(e.noteNumber);
      w.u8(e.velocity);
      return;
    case "controller":
      w.u8(0xb0 | e.channel);
      w.u8(e.controllerType);
      w.u8(e.value);
      return;
    case "programChange":
      w.u8(0xc0 | e.channel);
      w.u8(e.programNumber);
      return;
    default:
      throw new Error(`unsupported event ${e.type}`);
  }
}
