/**
 * The left hand's six textures (the bass line is bass.ts): Alberti, arpeggiated, block,
 * waltz, stride, tremolo. Chords are voiced on their own pitch classes (the reference's
 * 52 + pc puts every chord a major third too high, its B1): the bass pitch class at the
 * lowest pitch ≥ E3 (52), the other tones stacked above, folded into 48–79.
 */
import { barBeatsOf, type Character, type Metre } from "./character.ts";
import { suspendedPcs, type Chord } from "./chords.ts";
import type { Key } from "./keys.ts";
import { chordIndexAt } from "./melody.ts";
import type { ChordSpan } from "./progression.ts";
import type { Rng } from "./rng.ts";

export const PATTERNS = ["alberti", "arpeggiated", "block", "waltz", "stride", "tremolo"] as const;
/**
 * Textures beyond the specification's six, for the genres that need them (archetypes.ts, idiom):
 * toccata (a percussive motor of sixteenths, bass and chord alternating), running (sixteenth
 * arpeggios over two octaves, an étude's figuration), polonaise (chords in the polonaise rhythm,
 * eighth and two sixteenths then eighths), flowing (arpeggios in eighths whatever the energy),
 * sustained (one chord held through the bar: a volatile piece's sudden stillness).
 */
export const IDIOM_PATTERNS = ["toccata", "running", "polonaise", "flowing", "sustained"] as const;
export type AccompanimentPattern = (typeof PATTERNS)[number] | (typeof IDIOM_PATTERNS)[number];

/** Left-hand onsets per beat of a texture, roughly: what makes it busy or still. */
export function patternMotion(pattern: AccompanimentPattern, energy: number): number {
  switch (pattern) {
    case "tremolo":
    case "toccata":
    case "running":
      return 4;
    case "alberti":
      return energy >= 0.6 ? 4 : 2;
    case "arpeggiated":
      return energy >= 0.5 ? 2 : 1;
    case "flowing":
    case "polonaise":
      return 2;
    case "block":
      return energy >= 0.55 ? 1 : 0.5;
    case "waltz":
    case "stride":
      return 1;
    case "sustained":
      return 0.25;
  }
}

/**
 * Not in the specification: a volatile character's contrasting sections answer the home texture
 * with its opposite — stillness after motion, a storm after stillness — so the "big contrasts" of a
 * rhapsody or a fantasia are heard, not only read in the vector.
 */
export function contrastPattern(home: AccompanimentPattern, energy: number): AccompanimentPattern {
  return patternMotion(home, energy) >= 2 ? "sustained" : "tremolo";
}

/** Weights of the six patterns for a character and metre (floor 0.01 each). */
export function patternWeights(c: Character, metre: Metre): number[] {
  const { energy: e, darkness: d, lyricism: l, volatility: v } = c;
  return [
    0.6 * l + 0.2 * (1 - e),
    0.8 * l + 0.1 * (1 - e),
    0.5 * (1 - l) + 0.3 * e,
    (metre === "3/4" ? 0.7 : 0.05) + 0.15 * l,
    0.4 * e + 0.3 * (1 - l),
    0.3 * v + 0.2 * d + 0.2 * e,
  ].map((w) => Math.max(0.01, w));
}

/**
 * The texture of a section. Home sections (A, A′) take the character's signature texture, the
 * most likely one; contrasting sections (B, C) sample from the weights (cubed, so the
 * character's preferences still show). The reference samples every section the same way,
 * which makes two pieces of one archetype sound less alike than two archetypes.
 */
export function choosePattern(c: Character, metre: Metre, rng: Rng, home = false): AccompanimentPattern {
  if (home) {
    const w = patternWeights(c, metre);
    return PATTERNS[w.indexOf(Math.max(...w))]!;
  }
  // Cubed weights: the character's favourite texture wins more often (identity bites harder).
  return PATTERNS[rng.weighted(patternWeights(c, metre).map((w) => w * w * w))]!;
}

const voicings = new Map<number | string, number[]>();

const isSmall = (x: number, below: number) => Number.isInteger(x) && x >= 0 && x < below;

/**
 * The cache key of a voicing. Pitch classes 0–11 are the digits 1–12 of a base-13 number (no
 * zero digit, so every list has its own number), then tonic, anchor and ceiling; exact below
 * 2^53 for up to eight pitch classes. A number hashes much faster than the string key that any
 * other input falls back to.
 */
function voicingKey(pcs: readonly number[], tonic: number, anchor: number, ceiling: number): number | string {
  if (pcs.length > 8 || !pcs.every((pc) => isSmall(pc, 12)) || !isSmall(tonic, 12) || !isSmall(anchor, 128) || !isSmall(ceiling, 128)) {
    return `${tonic}:${anchor}:${ceiling}:${pcs.join(",")}`;
  }
  let digits = 0;
  for (const pc of pcs) digits = digits * 13 + pc + 1;
  return ((digits * 12 + tonic) * 128 + anchor) * 128 + ceiling;
}

/**
 * Absolute pitches of a chord: the bass pitch class at the lowest pitch ≥ `anchor` (52 = E3 by
 * the specification; the composer moves it with darkness and energy), the rest stacked above,
 * folded under `ceiling` (79 by the specification; the composer keeps it under the melody).
 */
export function voiceChord(pcs: readonly number[], tonic: number, anchor = 52, ceiling = 79): number[] {
  // A handful of distinct chords recur thousands of times: voice each once.
  const key = voicingKey(pcs, tonic, anchor, ceiling);
  let v = voicings.get(key);
  if (!v) voicings.set(key, (v = voiceChordUncached(pcs, tonic, anchor, ceiling)));
  return v;
}

function voiceChordUncached(pcs: readonly number[], tonic: number, anchor: number, ceiling: number): number[] {
  const abs = pcs.map((pc) => (pc + tonic) % 12);
  const first = anchor + ((abs[0]! - (anchor % 12) + 12) % 12);
  const out = [first];
  for (const pc of abs.slice(1)) {
    let p = out[out.length - 1]! + 1;
    while (p % 12 !== pc) p++;
    out.push(p);
  }
  const floor = Math.min(anchor - 4, ceiling - 12);
  const folded = out.map((p) => {
    let q = p;
    while (q > ceiling) q -= 12;
    while (q < floor) q += 12;
    return q;
  });
  const sorted = [...new Set(folded)].sort((a, b) => a - b);
  while (sorted.length < 3) sorted.push(sorted[sorted.length - 1]! + 12 <= 79 ? sorted[0]! + 12 : sorted[0]!);
  return sorted;
}

export interface AccompNote {
  beat: number;
  duration: number;
  pitch: number;
  velocity: number;
}

/** What the left hand (accompaniment and bass alike) knows of the phrase it plays under. */
export interface PhraseTexture {
  bars: number;
  /** the dynamic level of each bar of the phrase (dynamics.ts), less the left hand's gap under the tune */
  level: (bar: number) => number;
  metre: Metre;
  key: Key;
  chords: ChordSpan[];
  pattern: AccompanimentPattern;
  character: Character;
  intensity: (bar: number) => number;
}

export interface AccompanimentInput extends PhraseTexture {
  /** the final phrase: the last bar is one tonic chord below the melody's last note */
  final: boolean;
  finalMelodyPitch: number;
  /** register of the voicing (see voiceChord) */
  anchor: number;
  ceiling: number;
}

/**
 * The voicing under `beat`: each chord span's voicings (plain, suspended) are made on first use
 * and kept in `voicings` at 2 × span index (+ 1 when suspended). Looked up per left-hand note,
 * so by index rather than through a map or a string key.
 */
function pitchesAt(inp: AccompanimentInput, voicings: (number[] | undefined)[], beat: number): number[] {
  const i = chordIndexAt(inp.chords, beat);
  const span = inp.chords[i]!;
  const chord: Chord = span.chord;
  const suspended = chord.suspension !== undefined && beat < span.beat + span.beats / 2 - 1e-9 ? 1 : 0;
  return (voicings[2 * i + suspended] ??= voiceChord(suspended ? suspendedPcs(chord) : chord.pcs, inp.key.tonic, inp.anchor, inp.ceiling));
}

/** A left-hand velocity, clamped to the playable range. */
function vel(x: number, lo = 16, hi = 118): number {
  return Math.round(Math.min(hi, Math.max(lo, x)));
}

export function composeAccompaniment(inp: AccompanimentInput, rng: Rng): AccompNote[] {
  const B = barBeatsOf(inp.metre);
  const half = B === 3 ? 2 : B / 2;
  const out: AccompNote[] = [];
  const e = inp.character.energy;
  const fold = (p: number) => (p > inp.ceiling + 2 ? p - 12 : p);
  // Up and down through a voicing over two octaves (and the third octave's root): made once per voicing.
  const arpeggios = new Map<readonly number[], number[]>();
  const arpeggio = (v: readonly number[], octaves: 2 | 3): number[] => {
    let cycle = arpeggios.get(v);
    if (!cycle) {
      const rising = [v[0]!, v[1]!, v[2]!, fold(v[0]! + 12), fold(v[1]! + 12), fold(v[2]! + 12), ...(octaves === 3 ? [fold(v[0]! + 24)] : [])];
      arpeggios.set(v, (cycle = [...rising, ...rising.slice(1, -1).reverse()]));
    }
    return cycle;
  };
  // The helpers are made once per phrase and read the bar's start from `t0`, not remade per bar:
  // a closure costs an allocation (and, under tsx, a defineProperty for its name).
  let t0 = 0;
  const voicings: (number[] | undefined)[] = [];
  const add = (beat: number, duration: number, pitch: number, velocity: number) => out.push({ beat: t0 + beat, duration, pitch, velocity });
  const at = (beat: number) => pitchesAt(inp, voicings, t0 + beat);
  for (let bar = 0; bar < inp.bars; bar++) {
    t0 = bar * B;
    const bv = inp.level(bar);

    if (inp.final && bar === inp.bars - 1) {
      // Close beneath the melody: the tonic triad voiced just under its last note.
      const top = inp.finalMelodyPitch - 1;
      for (const pc of [0, 4, 7].map((i) => (inp.key.tonic + (i === 4 && inp.key.mode === "minor" ? 3 : i)) % 12)) {
        let p = top;
        while (p % 12 !== pc) p--;
        add(0, B, p, vel(bv));
      }
      continue;
    }
    switch (inp.pattern) {
      case "alberti": {
        // Eighths, or sixteenths for energetic characters; a singing player holds the low note.
        const l = inp.character.lyricism;
        const step = e >= 0.6 ? 0.25 : 0.5;
        const count = Math.round(B / step);
        for (let i = 0; i < count; i++) {
          const v = at(i * step);
          const held = i % 4 === 0 && l > 0.5 ? Math.min(4, count - i) * step * 0.95 : step;
          add(i * step, held, [v[0]!, v[2]!, v[1]!, v[2]!][i % 4]!, vel(bv + (i % 2 === 0 ? 4 : 0)));
        }
        break;
      }
      case "flowing":
      case "arpeggiated": {
        // Up and down through the chord over two octaves: quarters (dotted-quarter pulse
        // halves in 6/8) for calm characters, eighths (sixteenths in 6/8) for energetic ones;
        // flowing: eighths always.
        const base = inp.metre === "6/8" ? 0.5 : 1;
        const step = inp.pattern === "flowing" ? 0.5 : e >= 0.5 ? base / 2 : base;
        const count = Math.round(B / step);
        for (let i = 0; i < count; i++) {
          // the upper octave folds back under the ceiling: the arpeggio never climbs over the melody
          const cycle = arpeggio(at(i * step), 2);
          // lyrical players let each note of the arpeggio ring to the end of the bar
          const ring = (B - i * step) * inp.character.lyricism * 0.95;
          add(i * step, Math.max(step * 0.9, ring), cycle[i % cycle.length]!, vel(bv));
        }
        break;
      }
      case "block": {
        // Energetic characters strike every beat (every pulse in 6/8), calm ones twice a bar.
        const step = e >= 0.55 ? (inp.metre === "6/8" ? 0.5 : 1) : 0;
        const hits: [number, number][] = step > 0 ? Array.from({ length: Math.round(B / step) }, (_, i) => [i * step, step]) : [[0, half], [half, B - half]];
        for (const [b, len] of hits) {
          for (const p of at(b).slice(0, 3)) add(b, len * 0.9, p, vel(bv + (b === 0 ? 6 : 0)));
        }
        break;
      }
      case "waltz": {
        const beats = inp.metre === "6/8" ? [0.5, 1, 2, 2.5] : Array.from({ length: B - 1 }, (_, i) => i + 1);
        const len = inp.metre === "6/8" ? 0.5 : 1;
        for (const b of beats) for (const p of at(b).slice(0, 3)) add(b, len * 0.8, p, vel(bv - 5));
        break;
      }
      case "stride": {
        const beats = inp.metre === "4/4" ? [1, 3] : inp.metre === "3/4" ? [1, 2] : [1, 2.5];
        for (const b of beats) for (const p of at(b).slice(0, 3)) add(b, 0.5 * 0.9, p, vel(bv - 3));
        break;
      }
      case "tremolo":
        for (let i = 0; i < 4 * B; i++) {
          const v = at(i * 0.25);
          add(i * 0.25, 0.25, i % 2 === 0 ? v[0]! : v[2]!, vel(bv - 8 + rng.int(-3, 3)));
        }
        break;
      case "toccata":
        // The motor: the chord's bass an octave down on every other sixteenth, the upper tones
        // struck together between; short and percussive, accented on the beat.
        for (let i = 0; i < 4 * B; i++) {
          const v = at(i * 0.25);
          const accent = i % 4 === 0 ? 4 : 0;
          if (i % 2 === 0) add(i * 0.25, 0.2, v[0]! - 12 >= 33 ? v[0]! - 12 : v[0]!, vel(bv + accent));
          else for (const p of v.slice(1, 3)) add(i * 0.25, 0.2, p, vel(bv - 2));
        }
        break;
      case "running":
        // Sixteenth arpeggios up and down over two octaves: the étude's figuration.
        for (let i = 0; i < 4 * B; i++) {
          const cycle = arpeggio(at(i * 0.25), 3);
          add(i * 0.25, 0.25, cycle[i % cycle.length]!, vel(bv + (i % 4 === 0 ? 3 : 0)));
        }
        break;
      case "polonaise": {
        // Eighth, two sixteenths, then eighths: the polonaise rhythm, in full chords.
        const hits = [0, 0.5, 0.75, ...Array.from({ length: 2 * (B - 1) }, (_, i) => 1 + i * 0.5)];
        hits.forEach((b, i) => {
          const len = (hits[i + 1] ?? B) - b;
          for (const p of at(b).slice(0, 3)) add(b, len * 0.85, p, vel(bv + (b === 0 ? 6 : 0)));
        });
        break;
      }
      case "sustained":
        for (const p of at(0).slice(0, 3)) add(0, B * 0.95, p, vel(bv));
        break;
    }
  }
  return out;
}
