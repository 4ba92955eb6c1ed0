/**
 * The harmony of an open-ended piece, phrase by phrase, as a pure function of (seed, phrase
 * index, home key, character): 4-bar phrases in antecedent (half cadence) / consequent
 * (authentic cadence) pairs, two phrases a section, sections cycling A B A′ C A′ like the
 * live composer's, B and C in related keys, each section's character offset applied. A reload
 * or a seek asks for phrase n and gets the same chords.
 */
import { characterParams, offsetCharacter, withMode, type Character } from "../character.ts";
import type { Chord } from "../chords.ts";
import { SECTION_OFFSETS, type SectionRole } from "../form.ts";
import { keyName, relatedKeys, scaleSteps, type Key } from "../keys.ts";
import type { Cadence } from "../phrases.ts";
import { progression, type ChordSpan } from "../progression.ts";
import { streamFor } from "../rng.ts";

export const SECTION_ROLES: readonly SectionRole[] = ["A", "B", "A'", "C", "A'"];
export const PHRASE_BARS = 4;
export const PHRASES_PER_SECTION = 2;

export interface HarmonyPlanOptions {
  seed: string;
  home: Key;
  /** the character as given (the minor mode darkens it here) */
  character: Character;
  beatsPerBar: number;
  /** B and C sections move to related keys (else every phrase is at home) */
  modulate: boolean;
}

export interface PlannedPhrase {
  index: number;
  section: SectionRole;
  key: Key;
  keyName: string;
  cadence: Cadence;
  /** the section's character (base + its offset) that shaped the progression */
  character: Character;
  /** beats from the phrase start, bars of `beatsPerBar` beats */
  chords: ChordSpan[];
}

/** Phrase `index` (0, 1, 2 …) of the plan. */
export function planPhrase(o: HarmonyPlanOptions, index: number): PlannedPhrase {
  const s = Math.floor(index / PHRASES_PER_SECTION);
  const section = SECTION_ROLES[s % SECTION_ROLES.length]!;
  const away = o.modulate && (section === "B" || section === "C");
  const key = away ? streamFor(o.seed, `harmony/section/${s}`).pick(relatedKeys(o.home)) : o.home;
  const cadence: Cadence = index % PHRASES_PER_SECTION === PHRASES_PER_SECTION - 1 ? "authentic" : "half";
  const character = offsetCharacter(withMode(o.character, key.mode), SECTION_OFFSETS[section]);
  const chords = progression(
    { bars: PHRASE_BARS, barBeats: o.beatsPerBar, cadence, mode: key.mode, character, params: characterParams(character), final: false },
    streamFor(o.seed, `harmony/phrase/${index}`),
  );
  return { index, section, key, keyName: keyName(key), cadence, character, chords };
}

/** Absolute pitch classes (0 = C) of a chord in a key, bass first. */
export function chordPitchClasses(chord: Chord, key: Key): number[] {
  return chord.pcs.map((pc) => (pc + key.tonic) % 12);
}

/** The pitch classes stacked upward from the lowest pitch at or above `low`, bass first. */
export function voiceChord(pitchClasses: readonly number[], low: number): number[] {
  const out: number[] = [];
  for (const pc of pitchClasses) {
    const prev = out[out.length - 1];
    if (prev === undefined) out.push(low + ((((pc - low) % 12) + 12) % 12));
    else out.push(prev + (((((pc - prev) % 12) + 12) % 12) || 12));
  }
  return out;
}

/**
 * Scale degrees (0-based, as an arpeggiator takes them) of a chord in its key's scale, stacked
 * upward from the chord's bass within the first octave. A tone outside the scale (a raised
 * leading tone, a Neapolitan) takes the degree of the scale pitch nearest it, ties down.
 */
export function chordDegrees(chord: Chord, key: Key): number[] {
  const steps = scaleSteps(key.mode);
  const semis = voiceChord(chord.pcs, 0);
  return semis.map((s) => {
    const oct = Math.floor(s / 12);
    const within = s - 12 * oct;
    let best = 0;
    for (let d = 0; d < 7; d++) if (Math.abs(steps[d]! - within) < Math.abs(steps[best]! - within)) best = d;
    // 11 in a scale whose last step is 10 is nearer the next octave's tonic (12) than 10? ties go down
    if (12 - within < Math.abs(steps[best]! - within)) return 7 * (oct + 1);
    return 7 * oct + best;
  });
}
