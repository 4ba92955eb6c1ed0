/** What the composer hands back: timed notes, pedal, and everything needed to explain them. */
import type { Character, Metre } from "./character.ts";
import type { Chord } from "./chords.ts";
import type { FormName, SectionRole } from "./form.ts";
import type { MotifStatement } from "./melody.ts";
import type { Motif, TransformName } from "./motif.ts";
import type { OrnamentKind } from "./ornaments.ts";
import type { Performance } from "./performance-space.ts";
import type { Cadence } from "./phrases.ts";
import type { AccompanimentPattern } from "./accompaniment.ts";
import type { Mode } from "./keys.ts";

export type Voice = "melody" | "accompaniment" | "bass";

export interface PieceNote {
  pitch: number;
  /** 1–127, after the performer */
  velocity: number;
  /** written position in quarter notes from the start of the piece */
  beat: number;
  /** position as played: written beat + groove micro-timing (what the MIDI file's ticks encode) */
  playedBeat: number;
  /** sounding length in quarter notes, after articulation and attack */
  durationBeats: number;
  /** onset in seconds, after rubato and groove */
  timeSeconds: number;
  durationSeconds: number;
  voice: Voice;
  /** set on notes the performer added as ornaments */
  ornament?: OrnamentKind;
}

export interface PedalChange {
  playedBeat: number;
  timeSeconds: number;
  /** 127 down, 0 up (CC64) */
  value: number;
}

export interface PlacedChord {
  /** quarter notes from the start of the piece */
  beat: number;
  beats: number;
  chord: Chord;
}

export interface PhraseInfo {
  index: number;
  startBar: number;
  /** quarter notes from the piece start (bars may change length when a live composer changes metre) */
  startBeat: number;
  metre: Metre;
  /** quarter notes per bar of this phrase */
  barBeats: number;
  bars: number;
  section: SectionRole;
  keyName: string;
  /** tonic pitch class and mode of the phrase's key */
  tonic: number;
  mode: Mode;
  cadence: Cadence;
  /** the seed-motif transformation this phrase's melody states */
  transform: TransformName;
  /** where the motif is stated (beats from the start of the piece), as written */
  statements: MotifStatement[];
  chords: PlacedChord[];
  tension: number;
  /** harmonic-field uncertainty: mean entropy (bits) of the key belief over the phrase's melody */
  uncertainty: number;
  character: Character;
  pattern: AccompanimentPattern;
  final: boolean;
}

export interface SectionInfo {
  role: SectionRole;
  startBar: number;
  bars: number;
  keyName: string;
}

export interface Piece {
  seed: string;
  bars: number;
  bpm: number;
  timeSignature: Metre;
  /** quarter notes per bar */
  barBeats: number;
  form: FormName;
  keyName: string;
  tonic: number;
  mode: Mode;
  /** the archetype's name, or "Custom" for a character vector */
  archetype: string;
  pianist: string;
  character: Character;
  performance: Performance;
  motif: Motif;
  sections: SectionInfo[];
  phrases: PhraseInfo[];
  /** one value per phrase, at its first bar */
  tension: { bar: number; value: number }[];
  /** sorted by time */
  notes: PieceNote[];
  pedal: PedalChange[];
  /** local tempo on the 16th grid (the rubato), for the MIDI tempo map */
  tempoMap: { beat: number; bpm: number }[];
  durationSeconds: number;
}

/** The order of a piece's notes: by onset in seconds, then pitch. */
export function byOnset(a: PieceNote, b: PieceNote): number {
  return a.timeSeconds - b.timeSeconds || a.pitch - b.pitch;
}

/**
 * Sorts notes by onset (stable), in place. The performance pass already emits each phrase in this
 * order and phrases follow one another, so a scan usually finds nothing to do and the sort,
 * with its thousands of comparator calls, is skipped.
 */
export function sortByOnset(notes: PieceNote[]): void {
  for (let i = 1; i < notes.length; i++) {
    if (byOnset(notes[i - 1]!, notes[i]!) > 0) {
      notes.sort(byOnset);
      return;
    }
  }
}
