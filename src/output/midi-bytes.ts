/**
 * Checking outgoing MIDI messages. Output takes complete channel messages and single-byte
 * real-time/system-common messages; running status is not accepted (every message carries its
 * own status byte) and SysEx is refused because the output thread cannot bound its size or time.
 */

export type MidiBytes = readonly number[];

/** Thrown for a message that is not a valid MIDI message; the text says which byte is wrong and why. */
export class MidiMessageError extends Error {
  override name = "MidiMessageError";
}

/** Total message length (status included) by status byte, or undefined for a status output refuses. */
export function messageLength(status: number): number | undefined {
  if (status >= 0x80 && status <= 0xef) return status >= 0xc0 && status <= 0xdf ? 2 : 3;
  switch (status) {
    case 0xf1: // MTC quarter frame
    case 0xf3: // song select
      return 2;
    case 0xf2: // song position
      return 3;
    case 0xf6: // tune request
    case 0xf8: // clock
    case 0xfa: // start
    case 0xfb: // continue
    case 0xfc: // stop
    case 0xfe: // active sensing
    case 0xff: // reset
      return 1;
    default:
      return undefined;
  }
}

const hex = (b: number) => `0x${b.toString(16).padStart(2, "0")}`;

/**
 * Why `bytes` is not a MIDI message output can send, or undefined if it is one.
 *
 * @example invalidMessage([0x90, 60, 100]) // undefined
 * @example invalidMessage([0x90, 60, 200]) // "data byte 2 is 200, must be 0–127 (note on ch 1)"
 * @example invalidMessage([60, 100])       // "first byte 60 (0x3c) is not a status byte (0x80–0xff); running status is not accepted"
 */
export function invalidMessage(bytes: unknown): string | undefined {
  if (!Array.isArray(bytes) && !(bytes instanceof Uint8Array)) return `a MIDI message must be an array of bytes, got ${typeof bytes}`;
  const list = Array.from(bytes as ArrayLike<unknown>);
  if (list.length === 0) return "empty message: no status byte";
  for (let i = 0; i < list.length; i++) {
    const b = list[i];
    if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) return `byte ${i} is ${String(b)}, not an integer 0–255`;
  }
  const status = list[0] as number;
  if (status < 0x80) return `first byte ${status} (${hex(status)}) is not a status byte (0x80–0xff); running status is not accepted`;
  if (status === 0xf0 || status === 0xf7) return `SysEx (${hex(status)}) is not accepted by the output thread`;
  const length = messageLength(status);
  if (length === undefined) return `status byte ${hex(status)} is undefined in MIDI`;
  for (let i = 1; i < list.length; i++) {
    const b = list[i] as number;
    if (b > 127) return `data byte ${i} is ${b}, must be 0–127 (${describeStatus(status)})`;
  }
  if (list.length !== length) return `${describeStatus(status)} takes ${length} byte${length === 1 ? "" : "s"}, got ${list.length}`;
  return undefined;
}

/** Throw a MidiMessageError unless `bytes` is a valid message; returns a plain copy. */
export function checkMessage(bytes: unknown, context = ""): number[] {
  const bad = invalidMessage(bytes);
  if (bad) throw new MidiMessageError(`invalid MIDI message${context ? ` ${context}` : ""}: ${bad}`);
  return Array.from(bytes as ArrayLike<number>);
}

/** "note on ch 1", "control change ch 10", "clock" … */
export function describeStatus(status: number): string {
  if (status < 0xf0) {
    const kinds = ["note off", "note on", "poly aftertouch", "control change", "program change", "channel pressure", "pitch bend"];
    return `${kinds[(status >> 4) - 8]} ch ${(status & 0x0f) + 1}`;
  }
  const names: Record<number, string> = {
    0xf1: "MTC quarter frame", 0xf2: "song position", 0xf3: "song select", 0xf6: "tune request",
    0xf8: "clock", 0xfa: "start", 0xfb: "continue", 0xfc: "stop", 0xfe: "active sensing", 0xff: "reset",
  };
  return names[status] ?? `status ${hex(status)}`;
}

/** A note-on with velocity > 0. */
export const isNoteOn = (m: MidiBytes) => (m[0]! & 0xf0) === 0x90 && m[2]! > 0;
/** A note-off, or a note-on with velocity 0 (which means note-off). */
export const isNoteOff = (m: MidiBytes) => (m[0]! & 0xf0) === 0x80 || ((m[0]! & 0xf0) === 0x90 && m[2] === 0);
