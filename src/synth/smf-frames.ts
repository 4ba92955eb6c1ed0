/**
 * A Standard MIDI File as the synth needs it: every channel message at the audio frame it sounds
 * on. Ticks become seconds through the file's own tempo map (set-tempo events, in any track, may
 * change mid-file), in the file's own units (microseconds per quarter note, its ticks per quarter),
 * and seconds become frames in one rounding: a note is never more than half a frame off.
 */
import midiFile from "midi-file";
import type { MidiEvent } from "midi-file";

const { parseMidi } = midiFile;

/** One channel message (status byte first) for an audio frame. */
export interface FrameMessage {
  frame: number;
  bytes: number[];
}

export interface SmfFrames {
  /** Channel messages in the order they are played: by frame, then as listed (see `order`). */
  messages: FrameMessage[];
  /** Where the file ends (its last end-of-track), as a frame: a set's closing rest counts. */
  endFrame: number;
  /** Seconds the file lasts. */
  seconds: number;
}

/** SMF's tempo before any set-tempo event: 120 bpm. */
const DEFAULT_TEMPO_US = 500_000;

/** A tempo map segment: from `tick` on, `us` microseconds per quarter note. */
interface Segment {
  tick: number;
  us: number;
  /** Microseconds at `tick`, summed once. */
  at: number;
}

/** Where each message of `smf` (the bytes of a .mid) falls at `sampleRate`. */
export function smfFrames(smf: Uint8Array, sampleRate: number): SmfFrames {
  const data = parseSmf(smf);
  const ppq = data.header.ticksPerBeat;
  if (!ppq) throw new Error("this MIDI file counts time in SMPTE frames, which is not supported: only ticks per quarter note");
  const timed: { tick: number; rank: number; seq: number; bytes: number[] }[] = [];
  const tempos: { tick: number; us: number; seq: number }[] = [];
  let endTick = 0;
  let seq = 0;
  for (const track of data.tracks) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      if (e.type === "setTempo") tempos.push({ tick, us: e.microsecondsPerBeat, seq: seq++ });
      const bytes = channelBytes(e);
      if (bytes) timed.push({ tick, rank: order(bytes), seq: seq++, bytes });
    }
    endTick = Math.max(endTick, tick);
  }
  timed.sort((a, b) => a.tick - b.tick || a.rank - b.rank || a.seq - b.seq);
  const toMicros = tempoMap(tempos, ppq);
  const frameOf = (tick: number) => Math.round((toMicros(tick) * sampleRate) / 1e6);
  return {
    messages: timed.map((t) => ({ frame: frameOf(t.tick), bytes: t.bytes })),
    endFrame: frameOf(endTick),
    seconds: toMicros(endTick) / 1e6,
  };
}

/** midi-file throws strings on a broken file; we want one Error with one line. */
function parseSmf(smf: Uint8Array): ReturnType<typeof parseMidi> {
  try {
    return parseMidi(smf);
  } catch (err) {
    throw new Error(`not a readable MIDI file: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Of the messages of one tick, note-offs go first, the rest keep the file's order. Tracks are
 * merged, and a note ended in one track and struck again in another on the same tick must be
 * free before it is struck (the SMF writer orders one track the same way); a pedal or a program
 * keeps its place before the notes that follow it in its track.
 */
function order(bytes: number[]): number {
  const status = bytes[0]! & 0xf0;
  return status === 0x80 || (status === 0x90 && bytes[2] === 0) ? 0 : 1;
}

/** Tick → microseconds, for ticks asked in any order (a binary search over the segments). */
function tempoMap(changes: { tick: number; us: number; seq: number }[], ppq: number): (tick: number) => number {
  // Two changes on one tick: the later in the file wins.
  changes.sort((a, b) => a.tick - b.tick || a.seq - b.seq);
  const segments: Segment[] = [{ tick: 0, us: DEFAULT_TEMPO_US, at: 0 }];
  for (const c of changes) {
    const last = segments[segments.length - 1]!;
    if (c.tick === last.tick) last.us = c.us;
    else segments.push({ tick: c.tick, us: c.us, at: last.at + ((c.tick - last.tick) * last.us) / ppq });
  }
  return (tick) => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.tick <= tick) lo = mid;
      else hi = mid - 1;
    }
    const s = segments[lo]!;
    return s.at + ((tick - s.tick) * s.us) / ppq;
  };
}

/** The raw bytes of a channel message, or undefined for meta and system events. */
function channelBytes(e: MidiEvent): number[] | undefined {
  if (!("channel" in e) || e.type === "channelPrefix") return undefined;
  const ch = e.channel & 0x0f;
  switch (e.type) {
    case "noteOn":
      return [0x90 | ch, e.noteNumber, e.velocity];
    case "noteOff":
      return [0x80 | ch, e.noteNumber, e.velocity];
    case "noteAftertouch":
      return [0xa0 | ch, e.noteNumber, e.amount];
    case "controller":
      return [0xb0 | ch, e.controllerType, e.value];
    case "programChange":
      return [0xc0 | ch, e.programNumber];
    case "channelAftertouch":
      return [0xd0 | ch, e.amount];
    case "pitchBend": {
      // midi-file gives −8192…8191 around the centre; the wire carries 0…16383, low 7 bits first.
      const v = e.value + 0x2000;
      return [0xe0 | ch, v & 0x7f, (v >> 7) & 0x7f];
    }
    default:
      return undefined;
  }
}
