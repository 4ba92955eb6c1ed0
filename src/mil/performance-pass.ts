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

/** The phrase as written, and the character it was written in. */
export interface PhraseToPlay {
  notes: WrittenNote[];
  chords: PlacedChord[];
  phraseStart: number;
  phraseEnd: number;
  character: Character;
  params: CharacterParams;
  scale: ScaleSpace;
  /** the last phrase: its notes may ring to the end */
  final: boolean;
}

/** How the piece is being played, phrase after phrase: the pianist, the bar, the genre's feel, the rubato. */
export interface Playing {
  barBeats: number;
  perf: PerformanceParams;
  groove: readonly number[] | undefined;
  expression: ExpressionMap;
  /** the genre's accents (archetypes.ts, idiom) by beat of `unit` quarter notes, and between beats */
  accents: { unit: number; beats: readonly number[]; between: number } | undefined;
}

// On an exact double the melody wins, then the bass line, then the accompaniment.
const VOICE_ORDER: Record<Voice, number> = { melody: 0, bass: 1, accompaniment: 2 };

/**
 * One note as the pianist plays it, before its seconds are known. Every note of a phrase goes
 * through here, so it is one class (one shape for the sort and the passes below to read) and
 * carries what they compare directly, not through the written note.
 */
class Played {
  constructor(
    readonly pitch: number,
    readonly voice: Voice,
    /** VOICE_ORDER of the voice, for the sort */
    readonly order: number,
    /** the written beat of the note (of an ornament: of the note it decorates) */
    readonly writtenBeat: number,
    readonly ornament: OrnamentKind | undefined,
    /** the beat it is played at, after the groove */
    readonly at: number,
    public length: number,
    public velocity: number,
    /** its place in the written order: the soprano of a chord is the first of its highest notes */
    readonly index: number,
  ) {}
}

export function perform(inp: PhraseToPlay, playing: Playing, rng: Rng): { notes: PieceNote[]; pedal: PedalChange[] } {
  const { params, character: c } = inp;
  const { perf, barBeats, groove, accents } = playing;
  const ex = playing.expression;
  // Attack shortens notes, fully so for detached characters.
  const detach = 1 - perf.attackSharpness * (0.15 + 0.85 * (1 - c.lyricism));
  const melodySound = params.legato * detach;
  const otherSound = Math.min(1, params.legato + 0.05) * detach;
  const limit = inp.final ? Infinity : inp.phraseEnd - 0.02;
  const played: Played[] = [];
  // How one note is played, as written or as an ornament made it: timing (the groove),
  // articulation (the attack) and dynamics.
  const play = (beat: number, duration: number, pitch: number, velocity: number, voice: Voice, ornament: OrnamentKind | undefined, writtenBeat: number) => {
    const inBar = beat - Math.floor(beat / barBeats + 1e-9) * barBeats;
    const at = Math.max(0, beat + grooveOffset(groove, barBeats, inBar));
    const sound = ornament ? 0.95 : voice === "melody" ? melodySound : otherSound;
    const length = Math.max(0.05, Math.min(duration * sound, limit - at));
    const v = velocity + ex.intensity(beat) * params.dynamicMagnitude + accentAt(accents, inBar);
    played.push(new Played(pitch, voice, VOICE_ORDER[voice], writtenBeat, ornament, at, length, 70 + (v - 70) * perf.dynamicRangeMult, played.length));
  };
  // 1. Ornaments (performer's choice, from the written melody); every note played as above.
  const ornamentProb = 0.3 * c.complexity + perf.ornamentProb;
  for (const n of inp.notes) {
    if (n.voice === "melody" && !n.cadence && n.duration >= 0.75 && rng.chance(ornamentProb)) {
      const kind = chooseOrnament(n.duration, c.complexity, perf.ornamentProb * 4, rng);
      for (const o of expandOrnament(n, kind, inp.scale, n.beat - inp.phraseStart)) play(o.beat, o.duration, o.pitch, o.velocity, "melody", o.ornament, o.writtenBeat);
    } else play(n.beat, n.duration, n.pitch, n.velocity, n.voice, undefined, n.beat);
  }

  // 2. Sorted by time, then pitch, then voice: notes of one pitch meet in the same order as by time
  // and voice alone (only they interact below), and the phrase comes out already in the order
  // the composer sorts its notes (seconds, then pitch), so that sort finds nothing to do.
  // (The comparator answers −1, 0 or 1, not a difference of times: a fractional number returned
  // through the sort allocates, thousands of times a piece.)
  played.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.pitch - b.pitch || a.order - b.order));

  // 3. Soprano highlighting: the highest note of each simultaneous group (onsets equal to the
  // microbeat), and only that one. Sorted by time, a group is a run of neighbours; of equal
  // highest notes, the first written (melody, then accompaniment, then bass) is the soprano.
  for (let i = 0; i < played.length; ) {
    const key = Math.round(played[i]!.at * 1e6);
    let top = played[i]!;
    let j = i + 1;
    for (; j < played.length && Math.round(played[j]!.at * 1e6) === key; j++) {
      const p = played[j]!;
      if (p.pitch > top.pitch || (p.pitch === top.pitch && p.index < top.index)) top = p;
    }
    top.velocity += perf.sopranoBias;
    i = j;
  }

  // 4. One note per key at a time: a re-struck pitch cuts the earlier note; exact doubles keep the melody's.
  // `sounding` is indexed by MIDI pitch (an array, not a Map: one lookup per note).
  const sounding: Played[] = [];
  const kept: Played[] = [];
  for (const p of played) {
    const prev = sounding[p.pitch];
    if (prev && prev.at + prev.length > p.at + 1e-9) {
      if (Math.abs(prev.at - p.at) < 1e-9) continue;
      prev.length = p.at - prev.at;
    }
    sounding[p.pitch] = p;
    kept.push(p);
  }

  const notes: PieceNote[] = [];
  for (const p of kept) {
    const t = ex.time(p.at);
    const note: PieceNote = {
      pitch: p.pitch,
      velocity: Math.round(Math.min(127, Math.max(1, p.velocity))),
      beat: p.writtenBeat,
      playedBeat: p.at,
      durationBeats: p.length,
      timeSeconds: t,
      durationSeconds: ex.time(p.at + p.length) - t,
      voice: p.voice,
    };
    if (p.ornament) note.ornament = p.ornament;
    notes.push(note);
  }

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
function accentAt(a: Playing["accents"], inBar: number): number {
  if (!a) return 0;
  const k = Math.round(inBar / a.unit);
  return Math.abs(inBar - k * a.unit) < 1e-6 ? (a.beats[k] ?? a.between) : a.between;
}
