/**
 * The performance pass over one phrase: ornaments, groove, articulation and attack, expressive
 * dynamics, dynamic range, soprano highlighting, rubato (through the expression map) and the
 * sustain pedal. Draws only from the performance stream: another pianist plays the same
 * written notes differently (Theorem 6).
 */
import type { CharacterParams, Character } from "./character.ts";
import type { ExpressionMap } from "./expression.ts";
import { grooveOffset } from "./grooves.ts";
import { chooseOrnament, expandOrnament, type OrnamentKind } from "./ornaments.ts";
import type { PerformanceParams } from "./performance-space.ts";
import type { PedalChange, PieceNote, PlacedChord, Voice } from "./piece.ts";
import type { Rng } from "./rng.ts";
import type { ScaleSpace } from "./scale-space.ts";

export interface WrittenNote {
  voice: Voice;
  /** quarter notes from the piece start */
  beat: number;
  duration: number;
  pitch: number;
  velocity: number;
  /** cadence notes are never ornamented */
  cadence?: boolean;
}

export interface PerformInput {
  notes: WrittenNote[];
  chords: PlacedChord[];
  phraseStart: number;
  phraseEnd: number;
  barBeats: number;
  character: Character;
  params: CharacterParams;
  perf: PerformanceParams;
  groove: readonly number[] | undefined;
  scale: ScaleSpace;
  expression: ExpressionMap;
  /** the last phrase: its notes may ring to the end */
  final: boolean;
  /** the genre's accents (archetypes.ts, idiom) by beat of `unit` quarter notes, and between beats */
  accents?: { unit: number; beats: readonly number[]; between: number };
}

// On an exact double the melody wins, then the bass line, then the accompaniment.
const VOICE_ORDER: Record<Voice, number> = { melody: 0, bass: 1, accompaniment: 2 };

export function perform(inp: PerformInput, rng: Rng): { notes: PieceNote[]; pedal: PedalChange[] } {
  const { perf, params, character: c } = inp;
  // 1. Ornaments (performer's choice, from the written melody).
  const expanded: (WrittenNote & { ornament?: OrnamentKind; writtenBeat?: number })[] = [];
  const ornamentProb = 0.3 * c.complexity + perf.ornamentProb;
  for (const n of inp.notes) {
    if (n.voice === "melody" && !n.cadence && n.duration >= 0.75 && rng.chance(ornamentProb)) {
      const kind = chooseOrnament(n.duration, c.complexity, perf.ornamentProb * 4, rng);
      const room = n.beat - inp.phraseStart;
      for (const o of expandOrnament(n, kind, inp.scale, room)) expanded.push({ ...o, voice: "melody" });
    } else expanded.push(n);
  }

  // 2. Timing and articulation. Attack shortens notes, fully so for detached characters.
  const detach = 1 - perf.attackSharpness * (0.15 + 0.85 * (1 - c.lyricism));
  const limit = inp.final ? Infinity : inp.phraseEnd - 0.02;
  const played = expanded.map((n) => {
    const inBar = n.beat - Math.floor(n.beat / inp.barBeats + 1e-9) * inp.barBeats;
    const at = Math.max(0, n.beat + grooveOffset(inp.groove, inp.barBeats, inBar));
    const sound = n.ornament ? 0.95 : n.voice === "melody" ? params.legato * detach : Math.min(1, params.legato + 0.05) * detach;
    const length = Math.max(0.05, Math.min(n.duration * sound, limit - at));
    const v = n.velocity + inp.expression.intensity(n.beat) * params.dynamicMagnitude + accentAt(inp.accents, inBar);
    return { n, at, length, velocity: 70 + (v - 70) * perf.dynamicRangeMult };
  });

  // 3. Soprano highlighting: the highest note of each simultaneous group, and only that one.
  const groups = new Map<number, (typeof played)[number]>();
  for (const p of played) {
    const key = Math.round(p.at * 1e6);
    const top = groups.get(key);
    if (!top || p.n.pitch > top.n.pitch) groups.set(key, p);
  }
  for (const top of groups.values()) top.velocity += perf.sopranoBias;

  // 4. One note per key at a time: a re-struck pitch cuts the earlier note; exact doubles keep the melody's.
  // Sorted by time, then pitch, then voice: notes of one pitch meet in the same order as by time
  // and voice alone (only they interact below), and the phrase comes out already in the order
  // the composer sorts its notes (seconds, then pitch), so that sort finds nothing to do.
  // (The comparator answers −1, 0 or 1, not a difference of times: a fractional number returned
  // through the sort allocates, thousands of times a piece.)
  played.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.n.pitch - b.n.pitch || VOICE_ORDER[a.n.voice] - VOICE_ORDER[b.n.voice]));
  // indexed by MIDI pitch (an array, not a Map: one lookup per note)
  const sounding: (typeof played)[number][] = [];
  const kept: typeof played = [];
  for (const p of played) {
    const prev = sounding[p.n.pitch];
    if (prev && prev.at + prev.length > p.at + 1e-9) {
      if (Math.abs(prev.at - p.at) < 1e-9) continue;
      prev.length = p.at - prev.at;
    }
    sounding[p.n.pitch] = p;
    kept.push(p);
  }

  const ex = inp.expression;
  const notes: PieceNote[] = kept.map((p) => {
    const t = ex.time(p.at);
    const note: PieceNote = {
      pitch: p.n.pitch,
      velocity: Math.round(Math.min(127, Math.max(1, p.velocity))),
      beat: p.n.writtenBeat ?? p.n.beat,
      playedBeat: p.at,
      durationBeats: p.length,
      timeSeconds: t,
      durationSeconds: ex.time(p.at + p.length) - t,
      voice: p.n.voice,
    };
    if (p.n.ornament) note.ornament = p.n.ornament;
    return note;
  });

  // 5. Sustain pedal: down just after a harmony starts, up just before the next one.
  const pedal: PedalChange[] = [];
  for (const span of inp.chords) {
    if (!rng.chance(perf.pedalDensity)) continue;
    const down = span.beat + 0.03;
    const up = span.beat + span.beats - 0.03;
    pedal.push({ playedBeat: down, timeSeconds: ex.time(down), value: 127 }, { playedBeat: up, timeSeconds: ex.time(up), value: 0 });
  }
  return { notes, pedal };
}

/** The genre's accent at a position in the bar: on a beat of the accent unit, or between beats. */
function accentAt(a: PerformInput["accents"], inBar: number): number {
  if (!a) return 0;
  const k = Math.round(inBar / a.unit);
  return Math.abs(inBar - k * a.unit) < 1e-6 ? (a.beats[k] ?? a.between) : a.between;
}
