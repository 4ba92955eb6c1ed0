/**
 * Where the sink sends what it plays, as MIDI bytes stamped with the musical tick they are for.
 * A live port (through the output thread) turns the tick into a wall-clock time; tests collect.
 * The sink keeps the ledger: every note-on it sends gets exactly one note-off.
 */
export interface MidiOutput {
  /** Send `bytes` (one complete MIDI message) at `tick`. Messages of one tick keep their order. */
  send(tick: number, bytes: readonly number[]): void;
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
