/**
 * A strict, independent Standard MIDI File validator, written from the SMF 1.0 specification
 * (it does not use the `midi-file` package that src/midi/smf.ts is built on, so the two cannot
 * share a mistake). It walks the bytes and reports every rule it sees broken:
 *
 * - header chunk "MThd" of length exactly 6; format 0, 1 or 2; format 0 has one track; ntrks
 *   equals the number of MTrk chunks; division (ticks per quarter note, or SMPTE);
 * - every chunk's length fits the file exactly (no truncation, no trailing bytes);
 * - delta times and lengths are variable-length quantities of at most 4 bytes;
 * - running status (only for channel messages; cancelled by meta and sysex events);
 * - every data byte of a channel message is below 0x80; no status bytes that SMF forbids;
 * - meta events have the lengths the spec fixes (tempo 3, time signature 4, end of track 0,
 *   key signature 2, …); end of track is present and is the last event of every track;
 * - tempo and time signature live in the first track of a format 1 file;
 * - note-on/note-off pair per (track, channel, pitch): no note-off without a note-on, no second
 *   note-on of a sounding pitch, no zero-length notes, nothing left sounding at the end; and no
 *   two tracks sound the same (channel, pitch) at once.
 *
 * It returns the problems (empty = valid) and what it parsed: notes, tempos, time signatures,
 * controls, programs, track names.
 */

export interface CheckedNote {
  track: number;
  channel: number;
  pitch: number;
  velocity: number;
  on: number;
  off: number;
}

export interface SmfCheck {
  problems: string[];
  format: number;
  ntrks: number;
  /** Ticks per quarter note (undefined for SMPTE division). */
  ppq: number | undefined;
  /** MTrk chunks found. */
  trackCount: number;
  trackNames: (string | undefined)[];
  notes: CheckedNote[];
  tempos: { tick: number; microsecondsPerQuarter: number; bpm: number }[];
  timeSignatures: { tick: number; numerator: number; denominator: number; clocksPerClick: number; thirtySecondsPerQuarter: number }[];
  controls: { track: number; tick: number; channel: number; controller: number; value: number }[];
  programs: { track: number; tick: number; channel: number; program: number }[];
  /** Tick of each track's end-of-track event. */
  endTicks: number[];
}

const hex = (b: number): string => `0x${b.toString(16).padStart(2, "0")}`;
const ascii = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/** Data bytes that follow each channel-message status nibble. */
const DATA_LENGTH: Record<number, number> = { 0x8: 2, 0x9: 2, 0xa: 2, 0xb: 2, 0xc: 1, 0xd: 1, 0xe: 2 };

/** Fixed lengths of meta events (the spec's table); text events (0x01–0x0F) and others are free. */
const META_LENGTH: Record<number, { name: string; lengths: number[] }> = {
  0x00: { name: "sequence number", lengths: [0, 2] },
  0x20: { name: "channel prefix", lengths: [1] },
  0x21: { name: "port prefix", lengths: [1] },
  0x2f: { name: "end of track", lengths: [0] },
  0x51: { name: "tempo", lengths: [3] },
  0x54: { name: "SMPTE offset", lengths: [5] },
  0x58: { name: "time signature", lengths: [4] },
  0x59: { name: "key signature", lengths: [2] },
};

export function validateSmf(input: Uint8Array | ArrayLike<number>): SmfCheck {
  const bytes = input instanceof Uint8Array ? input : Uint8Array.from(input);
  const result: SmfCheck = {
    problems: [],
    format: -1,
    ntrks: -1,
    ppq: undefined,
    trackCount: 0,
    trackNames: [],
    notes: [],
    tempos: [],
    timeSignatures: [],
    controls: [],
    programs: [],
    endTicks: [],
  };
  const problem = (msg: string): void => {
    result.problems.push(msg);
  };

  // Header chunk.
  if (bytes.length < 14) {
    problem(`file too short for a header chunk: ${bytes.length} bytes`);
    return result;
  }
  if (ascii(bytes, 0) !== "MThd") {
    problem(`file does not start with "MThd" but ${JSON.stringify(ascii(bytes, 0))}`);
    return result;
  }
  const headerLength = u32(bytes, 4);
  if (headerLength !== 6) problem(`header chunk length must be 6, got ${headerLength}`);
  if (8 + headerLength > bytes.length) {
    problem(`header chunk is truncated`);
    return result;
  }
  result.format = u16(bytes, 8);
  result.ntrks = u16(bytes, 10);
  const division = u16(bytes, 12);
  if (result.format > 2) problem(`format must be 0, 1 or 2, got ${result.format}`);
  if (result.ntrks === 0) problem(`ntrks must be at least 1`);
  if (result.format === 0 && result.ntrks !== 1) problem(`format 0 must have exactly 1 track, header says ${result.ntrks}`);
  if (division & 0x8000) {
    const fps = -((division >> 8) << 24 >> 24); // high byte is a negative two's-complement frame rate
    if (![24, 25, 29, 30].includes(fps)) problem(`SMPTE division with invalid frame rate ${fps}`);
  } else if (division === 0) {
    problem(`division (ticks per quarter note) must be positive, got 0`);
  } else {
    result.ppq = division;
  }

  // Chunks.
  let at = 8 + headerLength;
  let track = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 8) {
      problem(`${bytes.length - at} trailing byte(s) after the last chunk at offset ${at}`);
      break;
    }
    const type = ascii(bytes, at);
    const length = u32(bytes, at + 4);
    const start = at + 8;
    if (start + length > bytes.length) {
      problem(`chunk ${JSON.stringify(type)} at offset ${at} is truncated: length ${length}, only ${bytes.length - start} byte(s) left`);
      if (type === "MTrk") {
        result.trackCount++;
        parseTrack(bytes.subarray(start), track++, start, result, problem, true);
      }
      break;
    }
    if (type === "MTrk") {
      result.trackCount++;
      parseTrack(bytes.subarray(start, start + length), track++, start, result, problem, false);
    } else if (type === "MThd") {
      problem(`a second header chunk at offset ${at}`);
    } else if (!/^[\x20-\x7e]{4}$/.test(type)) {
      problem(`chunk type at offset ${at} is not four ASCII letters`);
    }
    at = start + length;
  }
  if (result.ntrks >= 0 && result.trackCount !== result.ntrks) {
    problem(`header says ${result.ntrks} track(s), file has ${result.trackCount} MTrk chunk(s)`);
  }

  // Two tracks must not sound the same key of the same channel at once.
  const byKey = new Map<number, CheckedNote[]>();
  for (const n of result.notes) {
    const key = n.channel * 128 + n.pitch;
    const list = byKey.get(key) ?? [];
    list.push(n);
    byKey.set(key, list);
  }
  for (const list of byKey.values()) {
    list.sort((a, b) => a.on - b.on || a.off - b.off);
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      if (a.track !== b.track && b.on < a.off) {
        problem(`tracks ${a.track} and ${b.track} overlap on channel ${a.channel} pitch ${a.pitch} at tick ${b.on}`);
      }
    }
  }
  return result;
}

function parseTrack(
  data: Uint8Array,
  track: number,
  base: number,
  result: SmfCheck,
  problem: (msg: string) => void,
  truncated: boolean,
): void {
  const where = (i: number): string => `track ${track} offset ${base + i}`;
  let i = 0;
  let tick = 0;
  let running: number | undefined;
  let ended = false;
  const open = new Map<number, { tick: number; velocity: number }>();
  result.trackNames[track] = undefined;

  /** A variable-length quantity: 7 bits a byte, high bit = more follows, at most 4 bytes. */
  const vlq = (): number | undefined => {
    let value = 0;
    for (let n = 0; n < 4; n++) {
      if (i >= data.length) {
        problem(`${where(i)}: variable-length quantity runs past the end of the track`);
        return undefined;
      }
      const b = data[i++]!;
      value = value * 128 + (b & 0x7f);
      if (!(b & 0x80)) return value;
    }
    problem(`${where(i - 4)}: variable-length quantity longer than 4 bytes`);
    return undefined;
  };

  const noteOff = (channel: number, pitch: number, at: number): void => {
    const key = channel * 128 + pitch;
    const on = open.get(key);
    if (!on) {
      problem(`${where(at)}: note-off without a sounding note (channel ${channel}, pitch ${pitch}, tick ${tick})`);
      return;
    }
    open.delete(key);
    if (tick === on.tick) problem(`${where(at)}: zero-length note (channel ${channel}, pitch ${pitch}, tick ${tick})`);
    result.notes.push({ track, channel, pitch, velocity: on.velocity, on: on.tick, off: tick });
  };

  while (i < data.length) {
    if (ended) {
      problem(`${where(i)}: ${data.length - i} byte(s) after the end-of-track event`);
      return;
    }
    const delta = vlq();
    if (delta === undefined) return;
    tick += delta;
    if (i >= data.length) {
      problem(`${where(i)}: delta time with no event after it`);
      return;
    }
    const eventAt = i;
    let status = data[i]!;
    if (status & 0x80) {
      i++;
    } else if (running !== undefined) {
      status = running; // running status: this byte is the first data byte
    } else {
      problem(`${where(i)}: data byte ${hex(status)} with no status byte (no running status in effect)`);
      return;
    }

    if (status === 0xff) {
      running = undefined; // meta events cancel running status
      if (i >= data.length) {
        problem(`${where(eventAt)}: meta event without a type`);
        return;
      }
      const type = data[i++]!;
      if (type & 0x80) problem(`${where(eventAt)}: meta event type ${hex(type)} ≥ 0x80`);
      const length = vlq();
      if (length === undefined) return;
      if (i + length > data.length) {
        problem(`${where(eventAt)}: meta event ${hex(type)} of length ${length} runs past the end of the track`);
        return;
      }
      const body = data.subarray(i, i + length);
      i += length;
      const spec = META_LENGTH[type];
      if (spec && !spec.lengths.includes(length)) {
        problem(`${where(eventAt)}: ${spec.name} meta event must have length ${spec.lengths.join(" or ")}, got ${length}`);
        continue;
      }
      const conductorOnly = result.format === 1 && track > 0;
      switch (type) {
        case 0x03:
          result.trackNames[track] = new TextDecoder().decode(body);
          break;
        case 0x2f:
          ended = true;
          result.endTicks[track] = tick;
          break;
        case 0x51: {
          const us = (body[0]! << 16) | (body[1]! << 8) | body[2]!;
          if (us === 0) problem(`${where(eventAt)}: tempo of 0 microseconds per quarter`);
          if (conductorOnly) problem(`${where(eventAt)}: tempo event outside the first track of a format 1 file`);
          result.tempos.push({ tick, microsecondsPerQuarter: us, bpm: 60_000_000 / us });
          break;
        }
        case 0x58: {
          const [nn, dd, cc, bb] = [body[0]!, body[1]!, body[2]!, body[3]!];
          if (nn === 0) problem(`${where(eventAt)}: time signature numerator 0`);
          if (dd > 6) problem(`${where(eventAt)}: time signature denominator 2^${dd} is implausible`);
          if (conductorOnly) problem(`${where(eventAt)}: time signature outside the first track of a format 1 file`);
          result.timeSignatures.push({ tick, numerator: nn, denominator: 2 ** dd, clocksPerClick: cc, thirtySecondsPerQuarter: bb });
          break;
        }
        case 0x59: {
          const sf = (body[0]! << 24) >> 24;
          if (sf < -7 || sf > 7 || body[1]! > 1) problem(`${where(eventAt)}: key signature out of range (sf ${sf}, mi ${body[1]})`);
          break;
        }
        default:
          break;
      }
      continue;
    }

    if (status === 0xf0 || status === 0xf7) {
      running = undefined; // sysex cancels running status
      const length = vlq();
      if (length === undefined) return;
      if (i + length > data.length) {
        problem(`${where(eventAt)}: sysex of length ${length} runs past the end of the track`);
        return;
      }
      i += length;
      continue;
    }

    if (status >= 0xf0) {
      problem(`${where(eventAt)}: status byte ${hex(status)} is not allowed in a MIDI file`);
      return;
    }

    running = status;
    const kind = status >> 4;
    const channel = status & 0x0f;
    const need = DATA_LENGTH[kind]!;
    if (i + need > data.length) {
      problem(`${where(eventAt)}: channel message ${hex(status)} runs past the end of the track`);
      return;
    }
    const d = Array.from(data.subarray(i, i + need));
    i += need;
    const bad = d.find((b) => b >= 0x80);
    if (bad !== undefined) {
      problem(`${where(eventAt)}: data byte ${hex(bad)} ≥ 0x80 in channel message ${hex(status)}`);
      continue;
    }
    switch (kind) {
      case 0x9:
        if (d[1] === 0) {
          noteOff(channel, d[0]!, eventAt);
        } else {
          const key = channel * 128 + d[0]!;
          if (open.has(key)) {
            problem(`${where(eventAt)}: note-on of a sounding note (channel ${channel}, pitch ${d[0]}, tick ${tick})`);
          }
          open.set(key, { tick, velocity: d[1]! });
        }
        break;
      case 0x8:
        noteOff(channel, d[0]!, eventAt);
        break;
      case 0xb:
        result.controls.push({ track, tick, channel, controller: d[0]!, value: d[1]! });
        break;
      case 0xc:
        result.programs.push({ track, tick, channel, program: d[0]! });
        break;
      default:
        break;
    }
  }
  if (!ended && !truncated) problem(`track ${track}: no end-of-track event`);
  for (const [key, on] of open) {
    problem(`track ${track}: note never ended (channel ${key >> 7}, pitch ${key & 127}, on at tick ${on.tick})`);
  }
}

// Builders for hand-made files in tests.

/** A variable-length quantity. */
export function vlq(n: number): number[] {
  const out = [n & 0x7f];
  for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) out.unshift((n & 0x7f) | 0x80);
  return out;
}

export function chunk(type: string, body: readonly number[], length = body.length): number[] {
  return [...type].map((c) => c.charCodeAt(0)).concat([(length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff], body);
}

export function header(format: number, ntrks: number, division: number): number[] {
  return chunk("MThd", [format >> 8, format & 0xff, ntrks >> 8, ntrks & 0xff, division >> 8, division & 0xff]);
}

export const END_OF_TRACK = [0x00, 0xff, 0x2f, 0x00];
