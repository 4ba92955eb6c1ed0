/**
 * A song as a Standard MIDI File sees it: notes as (start, end) pairs, controls, tempo and
 * metre, in integer ticks. Recorders build one; the SMF codec writes and reads it.
 */

export interface SongNote {
  tick: number;
  endTick: number;
  pitch: number;
  /** MIDI velocity 1..127 */
  velocity: number;
  channel: number;
}

export interface SongControl {
  tick: number;
  channel: number;
  controller: number;
  value: number;
}

export interface SongProgram {
  tick: number;
  channel: number;
  program: number;
}

export interface SongTrack {
  name?: string;
  notes: SongNote[];
  controls?: SongControl[];
  programs?: SongProgram[];
}

export interface TimeSignature {
  tick: number;
  numerator: number;
  /** 2, 4, 8, 16 … (the written denominator, not its power of two) */
  denominator: number;
}

export interface KeySignature {
  tick: number;
  /** Sharps (positive) or flats (negative), −7..7. */
  sharps: number;
  minor: boolean;
}

export interface Song {
  ppq: number;
  tempos: ReadonlyArray<{ tick: number; bpm: number }>;
  timeSignatures?: TimeSignature[];
  keySignatures?: KeySignature[];
  tracks: SongTrack[];
  /**
   * Where the song ends (a live set's end, a take's): it lasts until here even if its last
   * note ends earlier, and nothing at or after it belongs to it. None: it ends with its last event.
   */
  endTick?: number;
}

/** Every note of a song, all tracks, in start order (ties: lower pitch first). */
export function allNotes(song: Song): SongNote[] {
  return song.tracks
    .flatMap((t) => t.notes)
    .sort((a, b) => a.tick - b.tick || a.pitch - b.pitch || a.channel - b.channel);
}

/** The last tick at which anything in the song ends (its `endTick`, if it has one). */
export function songEndTick(song: Song): number {
  let end = song.endTick ?? 0;
  for (const t of song.tracks) {
    for (const n of t.notes) end = Math.max(end, n.endTick);
    for (const c of t.controls ?? []) end = Math.max(end, c.tick);
    for (const p of t.programs ?? []) end = Math.max(end, p.tick);
  }
  return end;
}

/**
 * The part of a song from `from` to `to` (ticks), moved to start at 0: what `.record start` …
 * `.record stop` captured. It ends at `to` (or the song's own end, if earlier): notes sounding
 * across the end stop there; tempo and metre in force at `from` are carried to the start.
 */
export function sliceSong(song: Song, from: number, until = Infinity): Song {
  const to = Math.min(until, song.endTick ?? Infinity);
  const shift = (t: number) => t - from;
  const atStart = <T extends { tick: number }>(list: readonly T[]): T[] => {
    const before = list.filter((x) => x.tick <= from);
    const carried = before.length > 0 ? [{ ...before[before.length - 1]!, tick: 0 }] : [];
    return [...carried, ...list.filter((x) => x.tick > from && x.tick < to).map((x) => ({ ...x, tick: shift(x.tick) }))];
  };
  return {
    ppq: song.ppq,
    tempos: atStart(song.tempos),
    ...(song.timeSignatures ? { timeSignatures: atStart(song.timeSignatures) } : {}),
    ...(song.keySignatures ? { keySignatures: atStart(song.keySignatures) } : {}),
    tracks: song.tracks.map((t) => ({
      ...t,
      notes: t.notes
        .filter((n) => n.tick >= from && n.tick < to)
        .map((n) => ({ ...n, tick: shift(n.tick), endTick: shift(Math.min(n.endTick, to)) })),
      controls: (t.controls ?? []).filter((c) => c.tick >= from && c.tick < to).map((c) => ({ ...c, tick: shift(c.tick) })),
      programs: (t.programs ?? []).filter((p) => p.tick >= from && p.tick < to).map((p) => ({ ...p, tick: shift(p.tick) })),
    })),
    ...(Number.isFinite(to) ? { endTick: Math.max(0, shift(to)) } : {}),
  };
}
