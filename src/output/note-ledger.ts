/**
 * The notes sounding on a port, learnt from the bytes actually sent: every note-on that went out
 * is here until its note-off goes out. releaseAll() gives the messages that silence exactly these.
 *
 * @example const l = new NoteLedger(); l.observe([0x91, 60, 100]); l.releaseAll() // [[0x81, 60, 0]]
 */
import { isNoteOff, isNoteOn, type MidiBytes } from "./midi-bytes.ts";

export class NoteLedger {
  /** channel·128 + pitch */
  private readonly sounding = new Set<number>();

  get size(): number {
    return this.sounding.size;
  }

  /** Record a message that has been sent. */
  observe(m: MidiBytes): void {
    const key = ((m[0]! & 0x0f) << 7) | (m[1]! & 0x7f);
    if (isNoteOn(m)) this.sounding.add(key);
    else if (isNoteOff(m)) this.sounding.delete(key);
    else if ((m[0]! & 0xf0) === 0xb0 && (m[1] === 123 || m[1] === 120)) this.forgetChannel(m[0]! & 0x0f);
  }

  /** Sounding notes as [channel, pitch], in channel then pitch order. */
  notes(): Array<[channel: number, pitch: number]> {
    return [...this.sounding].sort((a, b) => a - b).map((k) => [k >> 7, k & 0x7f]);
  }

  /** Note-off messages for every sounding note; the ledger is empty afterwards. */
  releaseAll(): number[][] {
    const offs = this.notes().map(([ch, pitch]) => [0x80 | ch, pitch, 0]);
    this.sounding.clear();
    return offs;
  }

  private forgetChannel(channel: number): void {
    for (const k of this.sounding) if (k >> 7 === channel) this.sounding.delete(k);
  }
}

/** All Notes Off (CC 123) on each of the 16 channels. */
export function allNotesOff(): number[][] {
  return Array.from({ length: 16 }, (_, ch) => [0xb0 | ch, 123, 0]);
}
