/**
 * The bass line: the chord's bass note in 28–52, moving to the nearest octave. With waltz and
 * stride textures the bass *is* the "oom" of oom-pah, so it is short and on the strong beats;
 * with energetic block chords it strikes every half bar; otherwise it holds each harmony.
 */
import { barBeatsOf } from "./character.ts";
import type { PhraseTexture } from "./accompaniment.ts";

export interface BassNote {
  beat: number;
  duration: number;
  pitch: number;
  velocity: number;
}

export interface BassInput extends PhraseTexture {
  /** the previous phrase's last bass pitch, or undefined to start from the character's depth */
  previous: number | undefined;
  final: boolean;
  /** "pedal": the tonic under every harmony (a berceuse's still bass) */
  style?: "pedal";
}

/** The octave of `pc` in 28–52 closest to the previous note, pulled gently toward the character's depth. */
function nearestInRange(pc: number, near: number, depth: number): number {
  let best = 28 + ((pc - 28 + 120) % 12);
  for (let p = best; p <= 52; p += 12) if (bassCost(p, near, depth) < bassCost(best, near, depth)) best = p;
  return best;
}

function bassCost(p: number, near: number, depth: number): number {
  return Math.abs(p - near) + 0.5 * Math.abs(p - depth);
}

export function composeBass(inp: BassInput): BassNote[] {
  const B = barBeatsOf(inp.metre);
  const half = B === 3 ? 2 : B / 2;
  const c = inp.character;
  // the bass depth 36 − 4d (a fourth either way with the key) anchors the line
  const depth = Math.round(36 - 4 * c.darkness) + (inp.key.tonic > 6 ? inp.key.tonic - 12 : inp.key.tonic);
  let near = inp.previous ?? depth;
  const out: BassNote[] = [];
  const lastBar = inp.bars - 1;
  for (const span of inp.chords) {
    const pc = inp.style === "pedal" ? 0 : span.chord.bass;
    const pitch = nearestInRange((pc + inp.key.tonic) % 12, near, depth);
    near = pitch;
    const bar = Math.floor(span.beat / B + 1e-9);
    const velocity = Math.round(Math.min(118, Math.max(16, inp.level(bar) - 2)));
    if (inp.final && bar === lastBar) {
      out.push({ beat: span.beat, duration: span.beats, pitch, velocity });
      continue;
    }
    const inBar = span.beat - bar * B;
    const hits: [number, number][] =
      inp.pattern === "waltz"
        ? [[0, 1]]
        : inp.pattern === "stride"
          ? inp.metre === "4/4"
            ? [[0, 1], [half, 1]]
            : [[0, 1]]
          : inp.pattern === "block" && c.energy > 0.6
            ? [[0, half * 0.9], [half, (B - half) * 0.9]]
            : [[0, span.beats * 0.95]];
    // Dark or forceful characters double the bass an octave down.
    const octaves = (c.darkness > 0.55 || c.energy > 0.75) && pitch - 12 >= 24;
    for (const [at, len] of hits) {
      const b = inBar + at;
      if (at > 0 && b >= inBar + span.beats - 1e-9) continue; // a split bar's second chord brings its own bass
      const duration = Math.min(len, span.beats - at);
      out.push({ beat: span.beat + at, duration, pitch, velocity });
      if (octaves) out.push({ beat: span.beat + at, duration, pitch: pitch - 12, velocity });
    }
  }
  return out;
}
