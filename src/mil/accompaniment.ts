/**
 * The left hand's six textures (the bass line is bass.ts): Alberti, arpeggiated, block,
 * waltz, stride, tremolo. Chords are voiced on their own pitch classes (the reference's
 * 52 + pc puts every chord a major third too high, its B1): the bass pitch class at the
 * lowest pitch ≥ E3 (52), the other tones stacked above, folded into 48–79.
 */
import { barBeatsOf, type Character, type Metre } from "./character.ts";
import { suspendedPcs, type Chord } from "./chords.ts";
import type { Key } from "./keys.ts";
import { chordAt } from "./melody.ts";
import type { ChordSpan } from "./progression.ts";
import type { Rng } from "./rng.ts";

export const PATTERNS = ["alberti", "arpeggiated", "block", "waltz", "stride", "tremolo"] as const;
export type AccompanimentPattern = (typeof PATTERNS)[number];

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

export function choosePattern(c: Character, metre: Metre, rng: Rng): AccompanimentPattern {
  // Squared weights: the character's favourite texture wins more often (identity bites harder).
  return PATTERNS[rng.weighted(patternWeights(c, metre).map((w) => w * w))]!;
}

const voicings = new Map<string, number[]>();

/** Absolute pitches of a chord: bass pc at the lowest pitch ≥ 52, the rest stacked above, within 48–79. */
export function voiceChord(pcs: readonly number[], tonic: number): number[] {
  // A handful of distinct chords recur thousands of times: voice each once.
  const key = `${tonic}:${pcs.join(",")}`;
  let v = voicings.get(key);
  if (!v) voicings.set(key, (v = voiceChordUncached(pcs, tonic)));
  return v;
}

function voiceChordUncached(pcs: readonly number[], tonic: number): number[] {
  const abs = pcs.map((pc) => (pc + tonic) % 12);
  const first = 52 + ((abs[0]! - 52 % 12 + 12) % 12);
  const out = [first];
  for (const pc of abs.slice(1)) {
    let p = out[out.length - 1]! + 1;
    while (p % 12 !== pc) p++;
    out.push(p);
  }
  const folded = out.map((p) => {
    let q = p;
    while (q > 79) q -= 12;
    while (q < 48) q += 12;
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

export interface AccompanimentInput {
  bars: number;
  metre: Metre;
  key: Key;
  chords: ChordSpan[];
  pattern: AccompanimentPattern;
  character: Character;
  intensity: (bar: number) => number;
  /** the final phrase: the last bar is one tonic chord below the melody's last note */
  final: boolean;
  finalMelodyPitch: number;
}

function pitchesAt(inp: AccompanimentInput, beat: number): number[] {
  const span = chordAt(inp.chords, beat);
  const chord: Chord = span.chord;
  const suspended = chord.suspension !== undefined && beat < span.beat + span.beats / 2 - 1e-9;
  return voiceChord(suspended ? suspendedPcs(chord) : chord.pcs, inp.key.tonic);
}

export function composeAccompaniment(inp: AccompanimentInput, rng: Rng): AccompNote[] {
  const B = barBeatsOf(inp.metre);
  const half = B === 3 ? 2 : B / 2;
  const out: AccompNote[] = [];
  const e = inp.character.energy;
  for (let bar = 0; bar < inp.bars; bar++) {
    const t0 = bar * B;
    const bv = 35 + 20 * inp.intensity(bar) + 10 * e;
    const vel = (x: number, lo = 22, hi = 85) => Math.round(Math.min(hi, Math.max(lo, x)));
    const add = (beat: number, duration: number, pitch: number, velocity: number) => out.push({ beat: t0 + beat, duration, pitch, velocity });
    const at = (beat: number) => pitchesAt(inp, t0 + beat);

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
      case "alberti":
        for (let i = 0; i < 2 * B; i++) {
          const v = at(i * 0.5);
          add(i * 0.5, 0.5, [v[0]!, v[2]!, v[1]!, v[2]!][i % 4]!, vel(bv + (i % 2 === 0 ? 4 : 0)));
        }
        break;
      case "arpeggiated": {
        // 6/8 rocks in eighths over two octaves; 4/4 and 3/4 spread root–third–fifth–octave.
        const slots = inp.metre === "6/8" ? 6 : 4;
        const step = B / slots;
        for (let i = 0; i < slots; i++) {
          const v = at(i * step);
          const line = inp.metre === "6/8" ? [v[0]!, v[2]!, v[0]! + 12, v[1]! + 12, v[0]! + 12, v[2]!] : [v[0]!, v[1]!, v[2]!, v[0]! + 12];
          add(i * step, step * 0.9, line[i]!, vel(bv, 22, 80));
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
        for (const b of beats) for (const p of at(b).slice(0, 3)) add(b, len * 0.8, p, vel(bv - 5, 22, 75));
        break;
      }
      case "stride": {
        const beats = inp.metre === "4/4" ? [1, 3] : inp.metre === "3/4" ? [1, 2] : [1, 2.5];
        for (const b of beats) for (const p of at(b).slice(0, 3)) add(b, 0.5 * 0.9, p, vel(bv - 3, 22, 80));
        break;
      }
      case "tremolo":
        for (let i = 0; i < 4 * B; i++) {
          const v = at(i * 0.25);
          add(i * 0.25, 0.25, i % 2 === 0 ? v[0]! : v[2]!, vel(bv - 8 + rng.int(-3, 3), 20, 80));
        }
        break;
    }
  }
  return out;
}
