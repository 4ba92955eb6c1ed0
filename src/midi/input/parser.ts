/**
 * A streaming parser of raw MIDI 1.0 bytes as they come from a port. RtMidi delivers whole
 * messages, but the parser does not rely on it: a message may arrive split over any number of
 * pushes. It follows running status, passes real-time bytes (0xF8–0xFF) through wherever they
 * appear — even between the data bytes of another message — and collects SysEx up to a size limit.
 *
 * Error policy: bad input never throws. Bytes that cannot be parsed become one `type: "error"`
 * entry naming them in hex and what was expected, in stream order among the messages; parsing
 * resumes at the next status byte.
 */
import { hex, hexByte, type MidiInputError, type MidiMessage, statusName } from "./messages.ts";

export interface MidiParserOptions {
  /** Longest SysEx kept, 0xF0 and 0xF7 included; longer ones are reported and dropped. Default 65536. */
  maxSysexBytes?: number;
}

/** Data bytes each status takes (channel messages by high nibble). */
function dataLength(status: number): number {
  switch (status & 0xf0) {
    case 0xc0:
    case 0xd0:
      return 1;
    case 0xf0:
      return status === 0xf2 ? 2 : status === 0xf1 || status === 0xf3 ? 1 : 0;
    default:
      return 2;
  }
}

interface Pending {
  status: number;
  data: number[];
  /** The status byte itself arrived (not restored from running status): an empty message is truncated. */
  explicit: boolean;
}

interface Skipping {
  /** The undefined status byte that started the skip, if any (else stray data bytes). */
  cause?: number;
  bytes: number[];
}

export class MidiParser {
  readonly maxSysexBytes: number;
  /** Running status (a channel-message status byte), cleared by system common and SysEx. */
  private running: number | undefined;
  private pending: Pending | undefined;
  private sysex: number[] | undefined;
  private sysexLength = 0;
  private skipping: Skipping | undefined;
  private out: MidiMessage[] = [];
  private atMs: number | undefined;

  constructor(options: MidiParserOptions = {}) {
    const max = options.maxSysexBytes ?? 65536;
    this.maxSysexBytes = Number.isInteger(max) && max >= 2 ? max : 65536;
  }

  /**
   * Parse `bytes` (continuing any message left incomplete by the last push) and return the
   * messages and error entries completed by them, in stream order.
   *
   * @example new MidiParser().push([0x90, 60, 100, 62, 0]) // → noteOn 60 v100, noteOff 62 (running status, velocity 0)
   */
  push(bytes: ArrayLike<number>, atMs?: number): MidiMessage[] {
    this.out = [];
    this.atMs = atMs;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) {
        this.error(`not a byte: ${String(b)} (expected an integer 0–255); skipped`, []);
      } else if (b >= 0xf8) this.realtime(b);
      else if (b >= 0x80) this.status(b);
      else this.data(b);
    }
    // A run of skipped bytes is reported at the end of each push, so an error never waits for
    // the next message to surface (a run split across two pushes is reported twice).
    this.flushSkipped();
    return this.out;
  }

  /**
   * The input ended (port closed): report a message or SysEx left incomplete, and start afresh.
   */
  end(atMs?: number): MidiMessage[] {
    this.out = [];
    this.atMs = atMs;
    this.interrupt("the end of input");
    this.running = undefined;
    this.pending = undefined;
    return this.out;
  }

  private realtime(b: number): void {
    const type = ({ 0xf8: "clock", 0xfa: "start", 0xfb: "continue", 0xfc: "stop", 0xfe: "activeSensing", 0xff: "reset" } as const)[b];
    if (type) this.emit({ type, bytes: [b] });
    else this.error(`undefined real-time byte ${hexByte(b)} (not a MIDI 1.0 message); ignored`, [b]);
  }

  private status(b: number): void {
    this.flushSkipped();
    if (b === 0xf7) {
      if (this.sysex) this.endSysex();
      else {
        this.interrupt(`status ${hexByte(b)}`);
        this.error(`End of SysEx 0xF7 without a SysEx in progress (expected 0xF0 … 0xF7); ignored`, [b]);
      }
      this.running = undefined;
      return;
    }
    this.interrupt(`status ${hexByte(b)}`);
    if (b < 0xf0) {
      this.running = b;
      this.pending = { status: b, data: [], explicit: true };
      return;
    }
    this.running = undefined; // system common and SysEx cancel running status
    if (b === 0xf0) {
      this.sysex = [b];
      this.sysexLength = 1;
    } else if (b === 0xf4 || b === 0xf5) {
      this.skipping = { cause: b, bytes: [] };
    } else if (b === 0xf6) {
      this.emit({ type: "tuneRequest", bytes: [b] });
    } else {
      this.pending = { status: b, data: [], explicit: true };
    }
  }

  private data(b: number): void {
    if (this.sysex) {
      this.sysexLength++;
      if (this.sysexLength <= this.maxSysexBytes) this.sysex.push(b);
      return;
    }
    const p = this.pending;
    if (!p) {
      (this.skipping ??= { bytes: [] }).bytes.push(b);
      return;
    }
    p.data.push(b);
    if (p.data.length < dataLength(p.status)) return;
    this.pending = this.running !== undefined ? { status: this.running, data: [], explicit: false } : undefined;
    this.complete(p.status, p.data);
  }

  /** A status byte (or the end of input) arrived: report what it cut short. */
  private interrupt(by: string): void {
    if (this.sysex) {
      const bytes = this.sysex;
      const over = this.sysexLength > this.maxSysexBytes ? `, over the ${this.maxSysexBytes}-byte limit` : "";
      this.error(`unterminated SysEx ${hex(bytes)} (${this.sysexLength} bytes${over}): expected 0xF7 before ${by}; discarded`, bytes);
      this.sysex = undefined;
    }
    const p = this.pending;
    if (p && (p.explicit || p.data.length > 0)) {
      const bytes = [p.status, ...p.data];
      const need = dataLength(p.status);
      this.error(
        `truncated ${statusName(p.status)} ${hex(bytes)}: expected ${need} data byte${need === 1 ? "" : "s"}, got ${p.data.length} before ${by}; discarded`,
        bytes,
      );
    }
    this.pending = undefined;
  }

  private endSysex(): void {
    const bytes = this.sysex!;
    const length = this.sysexLength + 1;
    this.sysex = undefined;
    if (length > this.maxSysexBytes) {
      this.error(`SysEx ${hex(bytes, 4)} of ${length} bytes exceeds the limit of ${this.maxSysexBytes} bytes (maxSysexBytes); discarded`, bytes.slice(0, 16));
      return;
    }
    bytes.push(0xf7);
    this.emit({ type: "sysex", bytes });
  }

  private flushSkipped(): void {
    const s = this.skipping;
    if (!s) return;
    this.skipping = undefined;
    const n = s.bytes.length;
    if (s.cause !== undefined) {
      const after = n ? ` and the ${n} data byte${n === 1 ? "" : "s"} after it (${hex(s.bytes)})` : "";
      this.error(`undefined status byte ${hexByte(s.cause)} (not a MIDI 1.0 message)${after}; skipped to the next status byte`, [s.cause, ...s.bytes]);
    } else if (n) {
      this.error(
        `stray data byte${n === 1 ? "" : "s"} ${hex(s.bytes)} with no status (expected a status byte 0x80–0xFF first, e.g. 0x90 for a note); skipped to the next status byte`,
        s.bytes,
      );
    }
  }

  private complete(status: number, d: number[]): void {
    const bytes = [status, ...d];
    const channel = status & 0x0f;
    switch (status & 0xf0) {
      case 0x80:
        return this.emit({ type: "noteOff", channel, note: d[0]!, velocity: d[1]!, bytes });
      case 0x90:
        return this.emit({ type: d[1] === 0 ? "noteOff" : "noteOn", channel, note: d[0]!, velocity: d[1]!, bytes });
      case 0xa0:
        return this.emit({ type: "polyPressure", channel, note: d[0]!, pressure: d[1]!, bytes });
      case 0xb0:
        return this.emit({ type: "cc", channel, controller: d[0]!, value: d[1]!, bytes });
      case 0xc0:
        return this.emit({ type: "program", channel, program: d[0]!, bytes });
      case 0xd0:
        return this.emit({ type: "channelPressure", channel, pressure: d[0]!, bytes });
      case 0xe0:
        return this.emit({ type: "pitchBend", channel, value: (d[0]! | (d[1]! << 7)) - 8192, bytes });
    }
    if (status === 0xf1) this.emit({ type: "mtcQuarterFrame", piece: d[0]! >> 4, value: d[0]! & 0x0f, bytes });
    else if (status === 0xf2) this.emit({ type: "songPosition", sixteenths: d[0]! | (d[1]! << 7), bytes });
    else this.emit({ type: "songSelect", song: d[0]!, bytes });
  }

  private emit(msg: MidiMessage): void {
    if (this.atMs !== undefined) msg.atMs = this.atMs;
    this.out.push(msg);
  }

  private error(message: string, bytes: number[]): void {
    const entry: MidiInputError = { type: "error", message, bytes };
    this.emit(entry);
  }
}
