/**
 * The tension field T ∈ [0, 1] of a phrase (harmonic, melodic, rhythmic, registral) and the
 * register envelope it opens.
 */
import type { Character } from "./character.ts";

/** Circle-of-fifths distance from the tonic by semitone above it. */
const FIFTHS_DISTANCE = [0, 5, 2, 3, 4, 1, 6, 1, 4, 3, 2, 5] as const;

export interface TensionInput {
  /** chord roots in semitones above the key tonic */
  chordRoots: number[];
  /** melody notes: pitch, beat within the bar, duration */
  melody: { pitch: number; beatInBar: number; duration: number }[];
  centre: number;
  barBeats: number;
}

export function tension(inp: TensionInput, c: Character): number {
  const th = inp.chordRoots.reduce((s, r) => s + FIFTHS_DISTANCE[((r % 12) + 12) % 12]! / 6, 0) / Math.max(1, inp.chordRoots.length);
  const mel = inp.melody;
  let tm = 0;
  let tr = 0;
  let treg = 0;
  if (mel.length > 0) {
    const dev = mel.reduce((s, n) => s + Math.abs(n.pitch - inp.centre) / 12, 0) / mel.length;
    let leaps = 0;
    for (let i = 1; i < mel.length; i++) if (Math.abs(mel[i]!.pitch - mel[i - 1]!.pitch) >= 5) leaps++;
    tm = Math.min(1, dev + 0.3 * (leaps / Math.max(1, mel.length - 1)));
    const half = inp.barBeats === 3 ? 2 : inp.barBeats / 2;
    const off = mel.filter((n) => n.beatInBar > 1e-6 && Math.abs(n.beatInBar - half) > 0.25).length / mel.length;
    const meanDur = mel.reduce((s, n) => s + n.duration, 0) / mel.length;
    const maxDur = Math.max(...mel.map((n) => n.duration));
    tr = Math.min(1, 0.5 * off + 0.5 * (1 - meanDur / maxDur));
    const span = Math.max(...mel.map((n) => n.pitch)) - Math.min(...mel.map((n) => n.pitch));
    treg = Math.min(1, Math.max(0, (span - 14) / 24));
  }
  const wh = 0.4;
  const wm = 0.2 + 0.1 * c.lyricism;
  const wr = 0.2 + 0.1 * c.energy;
  const wreg = 0.2;
  return Math.min(1, Math.max(0, (wh * th + wm * tm + wr * tr + wreg * treg) / (wh + wm + wr + wreg)));
}

export interface RegisterEnvelope {
  low: number;
  high: number;
}

/**
 * The melody's permitted range: ±7 around the (key-shifted) centre, opened by intensity,
 * energy and `extra` (rising tension, range feedback).
 */
export function registerEnvelope(centre: number, intensity: number, energy: number, extra = 0): RegisterEnvelope {
  const expansion = Math.max(0, 5 * intensity + 3 * energy + extra);
  return { low: Math.max(48, Math.round(centre - 7 - expansion)), high: Math.min(96, Math.round(centre + 7 + expansion)) };
}
