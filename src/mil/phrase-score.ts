/**
 * The score of one phrase: its chords, the melody over them, the accompaniment and the bass under
 * them — everything the composer writes before the pianist plays it (performance-pass.ts) and
 * before the composer listens to it (composer.ts). Pure: a function of what the composer knows at
 * the phrase and three random streams (harmony, melody, texture), each drawn in the same order
 * every time.
 */
import { composeAccompaniment, type AccompanimentPattern, type AccompNote } from "./accompaniment.ts";
import type { Idiom } from "./archetypes.ts";
import { composeBass, type BassNote } from "./bass.ts";
import { pulseOf, type Character, type CharacterParams, type Metre } from "./character.ts";
import { dynamicLevel, leftHandGap, phraseShape, sectionLevel } from "./dynamics.ts";
import type { Corrections } from "./feedback.ts";
import type { Section } from "./form.ts";
import { registerShift, type Key } from "./keys.ts";
import { composeMelody, type Melody } from "./melody.ts";
import { transformMotif, type Motif, type TransformName } from "./motif.ts";
import type { Cadence } from "./phrases.ts";
import type { WrittenNote } from "./performance-pass.ts";
import { progression, type ChordSpan } from "./progression.ts";
import { RHYTHM_CELLS } from "./rhythm-cells.ts";
import type { Rng } from "./rng.ts";
import { registerEnvelope } from "./tension.ts";

/** What the composer knows when it writes a phrase. */
export interface PhrasePlan {
  bars: number;
  metre: Metre;
  barBeats: number;
  cadence: Cadence;
  /** The last phrase of the piece: it closes in the home key. */
  final: boolean;
  /** An authentic cadence answering the phrase before (a consequent). */
  consequent: boolean;
  section: Section;
  key: Key;
  character: Character;
  params: CharacterParams;
  /** The seed motif, and how this phrase states it. */
  motif: Motif;
  transform: TransformName;
  /** Intensity (the macro arc) at each bar of the phrase. */
  intensity: (bar: number) => number;
  /** How the last two phrases' tension moved (> 0 rising). */
  tensionTrend: number;
  /** What listening to the last phrase asks of this one. */
  corrections: Corrections;
  idiom: Idiom;
  /** The left hand's texture the section chose (the idiom may override it). */
  sectionPattern: AccompanimentPattern;
  /** The last bass note of the phrase before, to move on from. */
  previousBass: number | undefined;
}

export interface PhraseScore {
  chords: ChordSpan[];
  melody: Melody;
  accompaniment: AccompNote[];
  bass: BassNote[];
  /** The melody's register centre, shifted for the key. */
  centre: number;
  /** The left hand's texture played. */
  pattern: AccompanimentPattern;
}

export function writePhrase(plan: PhrasePlan, rngs: { harmony: Rng; melody: Rng; texture: Rng }): PhraseScore {
  const { bars, metre, barBeats, cadence, final, key, character, params, intensity, corrections, idiom } = plan;
  const chords = progression({ bars, barBeats, cadence, mode: key.mode, character, params, final }, rngs.harmony);
  const centre = params.melodyCentre + registerShift(key.tonic);
  const home = plan.section.role === "A" || plan.section.role === "A'";
  const pattern = idiom.texture ?? (home ? idiom.homeTexture : undefined) ?? plan.sectionPattern;
  const section = sectionLevel(plan.section.role, plan.section.dynamicBase, character.volatility);
  const level = (bar: number) => dynamicLevel(params.baseVelocity, intensity(bar), section, phraseShape(bar, bars));
  const gap = leftHandGap(character.lyricism);
  const leftLevel = (bar: number) => level(bar) - gap;
  const envelope = registerEnvelope(centre, intensity(0), character.energy, 6 * Math.max(0, plan.tensionTrend) + corrections.range / 2);
  const melody = composeMelody(
    {
      bars,
      barBeats,
      pulse: pulseOf(metre),
      cadence,
      final,
      consequent: plan.consequent,
      key,
      chords,
      motif: transformMotif(plan.motif, plan.transform),
      transform: plan.transform,
      character,
      params,
      centre,
      envelope,
      intensity,
      cells: RHYTHM_CELLS[metre],
      densityBias: corrections.density,
      velocityBias: corrections.velocity,
      dynamicBase: plan.section.dynamicBase,
      level,
      idiomAccents: idiom.accents !== undefined,
      tensionTrend: plan.tensionTrend,
    },
    rngs.melody,
  );
  // Not in the specification: the left hand's register follows darkness and energy too, and
  // stays under the melody's centre (no voice crossing), so dark pieces sound dark.
  const anchor = Math.round(55 - 8 * character.darkness + 2 * character.energy);
  // Each input written out whole rather than spread from a shared texture: a spread object is
  // built property by property, and this runs for every phrase.
  const accompaniment = composeAccompaniment(
    {
      bars,
      metre,
      key,
      chords,
      pattern,
      character,
      intensity,
      level: leftLevel,
      final,
      finalMelodyPitch: melody.notes[melody.notes.length - 1]!.pitch,
      anchor,
      ceiling: Math.max(anchor + 14, Math.min(79, centre - 2)),
    },
    rngs.texture,
  );
  const bass = composeBass({ bars, metre, key, chords, pattern, character, intensity, level: leftLevel, previous: plan.previousBass, final, style: idiom.bass });
  return { chords, melody, accompaniment, bass, centre, pattern };
}

/** The score's notes from the piece's start (beats), each with its voice, for the performance pass. */
export function writtenNotes(score: PhraseScore, startBeat: number): WrittenNote[] {
  // Pushed into one array (not three mapped and spread): this runs for every note of the piece.
  const out: WrittenNote[] = [];
  for (const n of score.melody.notes) out.push({ voice: "melody", beat: startBeat + n.beat, duration: n.duration, pitch: n.pitch, velocity: n.velocity, cadence: n.role === "cadence" });
  for (const n of score.accompaniment) out.push({ voice: "accompaniment", beat: startBeat + n.beat, duration: n.duration, pitch: n.pitch, velocity: n.velocity });
  for (const n of score.bass) out.push({ voice: "bass", beat: startBeat + n.beat, duration: n.duration, pitch: n.pitch, velocity: n.velocity });
  return out;
}
