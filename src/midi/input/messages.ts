/**
 * The MIDI 1.0 messages a port can deliver, as a typed union (`type` is the discriminant), plus
 * the entry the parser produces for bytes it could not make sense of. Channels are 0–15 (shown to
 * people as 1–16); every message keeps its raw bytes and, when the caller gave one, the time it
 * arrived in milliseconds.
 */

interface Base {
  /** The message's bytes as received, status byte first (running status restored). */
  bytes: number[];
  /** Arrival time in ms (whatever clock the caller timestamps with), when push() was given one. */
  atMs?: number;
}

export interface NoteOn extends Base { type: "noteOn"; channel: number; note: number; velocity: number }
/** Also produced for a note-on with velocity 0 (`velocity` is then 0 and `bytes[0]` is 0x9n). */
export interface NoteOff extends Base { type: "noteOff"; channel: number; note: number; velocity: number }
export interface PolyPressure extends Base { type: "polyPressure"; channel: number; note: number; pressure: number }
export interface ControlChange extends Base { type: "cc"; channel: number; controller: number; value: number }
export interface ProgramChange extends Base { type: "program"; channel: number; program: number }
export interface ChannelPressure extends Base { type: "channelPressure"; channel: number; pressure: number }
/** `value` is signed: −8192 … 8191, 0 = centre. */
export interface PitchBend extends Base { type: "pitchBend"; channel: number; value: number }
/** `bytes` holds the whole message, 0xF0 … 0xF7. */
export interface SysEx extends Base { type: "sysex" }
export interface MtcQuarterFrame extends Base { type: "mtcQuarterFrame"; piece: number; value: number }
/** Position in 16th notes (= 6 MIDI clocks = 240 ticks at PPQ 960), 0 … 16383. */
export interface SongPosition extends Base { type: "songPosition"; sixteenths: number }
export interface SongSelect extends Base { type: "songSelect"; song: number }
export interface TuneRequest extends Base { type: "tuneRequest" }
export interface TimingClock extends Base { type: "clock" }
export interface StartMessage extends Base { type: "start" }
export interface ContinueMessage extends Base { type: "continue" }
export interface StopMessage extends Base { type: "stop" }
export interface ActiveSensing extends Base { type: "activeSensing" }
export interface SystemReset extends Base { type: "reset" }

/** Bytes the parser skipped, with a message naming them in hex and saying what was expected. */
export interface MidiInputError extends Base { type: "error"; message: string }

export type ChannelMessage = NoteOn | NoteOff | PolyPressure | ControlChange | ProgramChange | ChannelPressure | PitchBend;
export type SystemMessage =
  | SysEx | MtcQuarterFrame | SongPosition | SongSelect | TuneRequest
  | TimingClock | StartMessage | ContinueMessage | StopMessage | ActiveSensing | SystemReset;

/** Everything MidiParser.push returns: a message, or an error entry for bytes it skipped. */
export type MidiMessage = ChannelMessage | SystemMessage | MidiInputError;

/** `0x90 0x3C 0x40`; long runs are cut after `max` bytes with a count. */
export function hex(bytes: ArrayLike<number>, max = 8): string {
  const shown = Array.from({ length: Math.min(bytes.length, max) }, (_, i) => hexByte(bytes[i]!));
  return bytes.length > max ? `${shown.join(" ")} … (${bytes.length} bytes)` : shown.join(" ");
}

export function hexByte(b: number): string {
  return Number.isInteger(b) && b >= 0 && b <= 255 ? `0x${b.toString(16).toUpperCase().padStart(2, "0")}` : String(b);
}

/** Performer-facing names of status bytes, for error messages. */
export function statusName(status: number): string {
  const channelNames: Record<number, string> = {
    0x80: "Note Off", 0x90: "Note On", 0xa0: "Poly Pressure", 0xb0: "Control Change",
    0xc0: "Program Change", 0xd0: "Channel Pressure", 0xe0: "Pitch Bend",
  };
  if (status >= 0x80 && status < 0xf0) return `${channelNames[status & 0xf0]} (channel ${(status & 0x0f) + 1})`;
  const systemNames: Record<number, string> = {
    0xf0: "SysEx", 0xf1: "MTC Quarter Frame", 0xf2: "Song Position", 0xf3: "Song Select", 0xf6: "Tune Request", 0xf7: "End of SysEx",
  };
  return systemNames[status] ?? "status";
}
