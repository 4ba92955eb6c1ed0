/**
 * Standard MIDI File (format 1) encoding and decoding of a Song, on top of the `midi-file`
 * codec (byte-level varints, running status and meta events are its job; musical rules are ours).
 */
import midiFile from "midi-file";
import type { MidiData, MidiEvent } from "midi-file";
import { encodeMidi } from "./smf-encode.ts";
import { sliceSong, type Song, type SongControl, type SongNote, type SongProgram, type SongTrack } from "../song/song.ts";

const { parseMidi } = midiFile;

/** An event at its tick, with what places it among the others of that tick. */
type Timed = { tick: number; rank: number; channel: number; pitch: number; event: MidiEvent };

/**
 * The canonical order of the events of one tick, the same whoever builds the song and in
 * whatever order: meta events (track name, tempo, metre, key); then note-offs, so a key re-struck
 * on this tick is free before it is struck; then control changes and program changes (a pedal or
 * a bank select lands before the notes it concerns, a bank select before its program); then
 * note-ons. Within a kind: by channel, notes by pitch. Controls and programs of one channel keep
 * the order they were played in: an RPN's parts, or two values of one controller (the later
 * wins), mean something only in that order.
 */
const RANK = {
  trackName: 0,
  setTempo: 1,
  timeSignature: 2,
  keySignature: 3,
  noteOff: 4,
  controller: 5,
  programChange: 6,
  noteOn: 7,
} as const;

const byCanonicalOrder = (a: Timed, b: Timed): number =>
  a.tick - b.tick || a.rank - b.rank || a.channel - b.channel || a.pitch - b.pitch;

/** The largest microseconds-per-quarter a 3-byte tempo meta event can hold (about 3.58 bpm). */
const MAX_TEMPO_US = 0xffffff;

/**
 * Encode a song. Overlapping notes of one pitch on one channel are cut where the next one starts;
 * notes of no length are left out. Every track ends where the song ends: at its `endTick` (what
 * lies beyond is cut off), or else with the song's last event.
 */
export function writeSmf(whole: Song): Uint8Array {
  const song = whole.endTick === undefined ? whole : sliceSong(whole, 0, whole.endTick);
  const conductor: Timed[] = [metaAt(0, { type: "trackName", text: "magicbus" })];
  for (const t of song.tempos) {
    const microsecondsPerBeat = Math.round(60_000_000 / t.bpm);
    // The tempo meta event holds 3 bytes: a slower tempo would silently wrap to another one.
    if (!(microsecondsPerBeat >= 1 && microsecondsPerBeat <= MAX_TEMPO_US)) {
      throw new RangeError(
        `tempo ${t.bpm} bpm at tick ${t.tick} cannot be written to a MIDI file: the slowest tempo it can hold is ${(60_000_000 / MAX_TEMPO_US).toFixed(2)} bpm`,
      );
    }
    conductor.push(metaAt(t.tick, { type: "setTempo", microsecondsPerBeat }));
  }
  for (const ts of song.timeSignatures ?? [{ tick: 0, numerator: 4, denominator: 4 }]) {
    const bad = timeSignatureProblem(ts.numerator, ts.denominator);
    if (bad) throw new RangeError(`time signature at tick ${ts.tick}: ${bad}`);
    conductor.push(
      metaAt(ts.tick, { type: "timeSignature", numerator: ts.numerator, denominator: ts.denominator, metronome: 24, thirtyseconds: 8 }),
    );
  }
  for (const ks of song.keySignatures ?? []) {
    conductor.push(metaAt(ks.tick, { type: "keySignature", key: ks.sharps, scale: ks.minor ? 1 : 0 }));
  }

  const cleaned = separateOverlaps(song.tracks);
  const tracks = [conductor, ...song.tracks.map((t, i) => trackEvents(t, cleaned[i]!))];
  let end = song.endTick ?? 0;
  for (const events of tracks) for (const e of events) end = Math.max(end, e.tick);
  const data: MidiData = {
    header: { format: 1, numTracks: tracks.length, ticksPerBeat: song.ppq },
    tracks: tracks.map((events) => toDeltas(events, end)),
  };
  return encodeMidi(data);
}

/**
 * Why a time signature cannot be written, or undefined. The file stores the denominator as a
 * power of two and the numerator in one byte: 5/6 would silently become 5/4, 300/4 become 44/4.
 */
export function timeSignatureProblem(numerator: number, denominator: number): string | undefined {
  if (!Number.isInteger(numerator) || numerator < 1 || numerator > 255) {
    return `numerator must be an integer from 1 to 255, got ${numerator}`;
  }
  if (![1, 2, 4, 8, 16, 32, 64].includes(denominator)) {
    return `denominator must be a power of two from 1 to 64, got ${denominator}`;
  }
  return undefined;
}

function trackEvents(track: SongTrack, notes: SongNote[]): Timed[] {
  const out: Timed[] = [];
  if (track.name) out.push(metaAt(0, { type: "trackName", text: track.name }));
  for (const p of track.programs ?? []) {
    out.push(channelAt(p.tick, 0, { deltaTime: 0, type: "programChange", channel: p.channel, programNumber: p.program }));
  }
  for (const c of track.controls ?? []) {
    out.push(channelAt(c.tick, 0, { deltaTime: 0, type: "controller", channel: c.channel, controllerType: c.controller, value: c.value }));
  }
  for (const n of notes) {
    out.push(channelAt(n.tick, n.pitch, { deltaTime: 0, type: "noteOn", channel: n.channel, noteNumber: n.pitch, velocity: n.velocity }));
    out.push(channelAt(n.endTick, n.pitch, { deltaTime: 0, type: "noteOff", channel: n.channel, noteNumber: n.pitch, velocity: 0 }));
  }
  return out;
}

function metaAt<E extends { type: keyof typeof RANK }>(tick: number, e: E): Timed {
  return { tick, rank: RANK[e.type], channel: 0, pitch: 0, event: meta(e) };
}

function channelAt(tick: number, pitch: number, event: MidiEvent & { type: keyof typeof RANK; channel: number }): Timed {
  return { tick, rank: RANK[event.type], channel: event.channel, pitch, event };
}

/**
 * A synth hears one note per (channel, pitch): a second note-on before the first's note-off
 * would be cut by that note-off. Shorten the earlier note to end where the later starts, and
 * drop exact duplicates (same start), keeping the louder (on a tie, the longer).
 */
function separateOverlaps(tracks: SongTrack[]): SongNote[][] {
  const owner = new Map<SongNote, number>();
  const byKey = new Map<number, SongNote[]>();
  tracks.forEach((t, i) => {
    for (const n of t.notes) {
      // A note of no length cannot sound; written, its note-off would precede its note-on
      // (releases go first at a tick) and leave it hanging.
      if (!(n.endTick > n.tick)) continue;
      const copy = { ...n };
      owner.set(copy, i);
      const key = n.channel * 128 + n.pitch;
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(copy);
    }
  });
  const kept = new Set<SongNote>();
  for (const list of byKey.values()) {
    // Of two notes struck together, the louder; on a tie the longer, then the earlier track:
    // never the order they were given in.
    list.sort((a, b) => a.tick - b.tick || b.velocity - a.velocity || b.endTick - a.endTick || owner.get(a)! - owner.get(b)!);
    let prev: SongNote | undefined;
    for (const n of list) {
      if (prev && prev.tick === n.tick) continue; // duplicate onset: the first of the sort wins
      if (prev && prev.endTick > n.tick) prev.endTick = n.tick;
      kept.add(n);
      prev = n;
    }
  }
  const out: SongNote[][] = tracks.map(() => []);
  for (const n of kept) out[owner.get(n)!]!.push(n);
  return out;
}

function toDeltas(events: Timed[], endTick: number): MidiEvent[] {
  events.sort(byCanonicalOrder);
  let last = 0;
  const out: MidiEvent[] = events.map(({ tick, event }) => {
    const e = { ...event, deltaTime: tick - last };
    last = tick;
    return e;
  });
  out.push({ ...meta({ type: "endOfTrack" }), deltaTime: endTick - last });
  return out;
}

function meta<E extends { type: string }>(e: E): MidiEvent {
  return { deltaTime: 0, meta: true, ...e } as unknown as MidiEvent;
}

export interface ReadSong extends Song {
  /** Note-ons that no note-off (or zero-velocity note-on) ever ended: hanging notes. */
  danglingNoteOns: number;
}

/** Decode a file back into a Song (notes paired first-in first-out per channel and pitch). */
export function readSmf(bytes: Uint8Array): ReadSong {
  const data = parseMidi(bytes);
  const ppq = data.header.ticksPerBeat;
  if (!ppq) throw new Error("SMPTE time division is not supported");
  const song: ReadSong = { ppq, tempos: [], timeSignatures: [], keySignatures: [], tracks: [], danglingNoteOns: 0 };
  const tempos: { tick: number; bpm: number }[] = [];
  for (const raw of data.tracks) {
    const track: SongTrack & { controls: SongControl[]; programs: SongProgram[] } = { notes: [], controls: [], programs: [] };
    const open = new Map<number, SongNote[]>();
    let tick = 0;
    for (const e of raw) {
      tick += e.deltaTime;
      switch (e.type) {
        case "trackName":
          track.name = e.text;
          break;
        case "setTempo":
          tempos.push({ tick, bpm: 60_000_000 / e.microsecondsPerBeat });
          break;
        case "timeSignature":
          song.timeSignatures!.push({ tick, numerator: e.numerator, denominator: e.denominator });
          break;
        case "keySignature":
          song.keySignatures!.push({ tick, sharps: e.key, minor: e.scale === 1 });
          break;
        case "controller":
          track.controls.push({ tick, channel: e.channel, controller: e.controllerType, value: e.value });
          break;
        case "programChange":
          track.programs.push({ tick, channel: e.channel, program: e.programNumber });
          break;
        case "noteOn":
        case "noteOff": {
          const key = e.channel * 128 + e.noteNumber;
          if (e.type === "noteOn" && e.velocity > 0) {
            const n: SongNote = { tick, endTick: tick, pitch: e.noteNumber, velocity: e.velocity, channel: e.channel };
            const list = open.get(key);
            if (list) list.push(n);
            else open.set(key, [n]);
            track.notes.push(n);
          } else {
            const n = open.get(key)?.shift();
            if (n) n.endTick = tick;
          }
          break;
        }
        default:
          break;
      }
    }
    for (const list of open.values()) song.danglingNoteOns += list.length;
    song.tracks.push(track);
  }
  song.tempos = tempos.length > 0 ? tempos : [{ tick: 0, bpm: 120 }];
  return song;
}
