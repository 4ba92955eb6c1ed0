/**
 * Where the sink sends what it plays, as MIDI bytes stamped with the musical tick they are for.
 * A live port (through the output thread) turns the tick into a wall-clock time; tests collect.
 * The sink keeps the ledger: every note-on it sends gets exactly one note-off.
 */
export interface MidiOutput {
  /** Send `bytes` (one complete MIDI message) at `tick`. Messages of one tick keep their order. */
  send(tick: number, bytes: readonly number[]): void;
  /**
   * Optional: the whole note at its onset, for an output that wants one message per note with its
   * length known (OSC to SuperDirt has no note-off). Called with the note-on, after the same checks.
   */
  note?(tick: number, note: PlayedNote): void;
}

/** A note as the sink plays it: pitch, 0..1 velocity, channel, exact length, and its extra fields. */
export interface PlayedNote {
  pitch: number;
  velocity: number;
  channel: number;
  /** Length in ticks (the note-off is this far after the onset, unless the key is struck again). */
  lengthTicks: number;
  source?: string;
  meta: Readonly<Record<string, unknown>>;
}

/** An output that keeps everything (tests, and the sink's own checks). */
export class CollectingOutput implements MidiOutput {
  readonly sent: Array<{ tick: number; bytes: number[] }> = [];
  send(tick: number, bytes: readonly number[]): void {
    this.sent.push({ tick, bytes: [...bytes] });
  }
}

export const NOTE_ON = 0x90;
export const NOTE_OFF = 0x80;
export const CONTROL = 0xb0;
export const PROGRAM = 0xc0;
export const ALL_NOTES_OFF = 123;
