/**
 * The expression surface: a 16th-note grid of local tempo (rubato) and loudness, from pink
 * noise, grown lazily as phrases are composed so a live composer can keep going for ever.
 * Times between grid points are linear; the same grid becomes the MIDI tempo map, so the
 * seconds in a Piece and in its file agree.
 */
import { PinkNoise } from "./pink-noise.ts";
import type { Rng } from "./rng.ts";

const STEPS_PER_BEAT = 4;

export interface ExpressionOptions {
  bpm: number;
  /** the character's rubato magnitude (0.04–0.12) … */
  rubatoMagnitude: number;
  /** … times the pianist's rubato scale (0.5–2) */
  rubatoScale: number;
}

/** A slowing between two beats: the tempo multiplier falls linearly to (1 − depth) at `to`. */
interface Ritardando {
  from: number;
  to: number;
  depth: number;
}

export class ExpressionMap {
  private readonly tempoNoise: PinkNoise;
  private readonly loudnessNoise: PinkNoise;
  private readonly multipliers: number[] = [];
  private readonly loudness: number[] = [];
  /** seconds at the start of each grid step; times[i + 1] = times[i] + length of step i */
  private readonly times: number[] = [0];
  /** the ritardandos that may still touch a grid step not yet computed */
  private ritardandos: Ritardando[] = [];

  constructor(readonly options: ExpressionOptions, rng: Rng) {
    this.tempoNoise = new PinkNoise(rng, 6);
    this.loudnessNoise = new PinkNoise(rng, 6);
  }

  /** Slow down toward `to` (a phrase's breath, the final ritardando). Only affects grid steps not yet computed. */
  ritardando(from: number, to: number, depth: number): void {
    this.ritardandos.push({ from, to, depth });
  }

  private grow(step: number): void {
    if (this.multipliers.length > step) return;
    this.dropPastRitardandos();
    const { bpm, rubatoMagnitude, rubatoScale } = this.options;
    while (this.multipliers.length <= step) {
      const i = this.multipliers.length;
      const beat = i / STEPS_PER_BEAT;
      // Unit-variance noise: the deviation's spread really is rubatoMagnitude × rubatoScale
      // (4–12 % of the tempo at scale 1; the reference's raw noise gives only 1–2 %).
      let m = 1 + this.tempoNoise.stepUnit() * rubatoMagnitude * rubatoScale;
      m = Math.min(1.2, Math.max(0.8, m));
      for (const r of this.ritardandos) {
        if (beat >= r.from && beat < r.to) m *= 1 - r.depth * ((beat - r.from) / (r.to - r.from));
      }
      this.multipliers.push(m);
      this.loudness.push(Math.min(1, Math.max(-1, this.loudnessNoise.stepUnit() * 0.3)));
      this.times.push(this.times[i]! + (0.25 * 60) / (bpm * m));
    }
  }

  /**
   * Forget the ritardandos that end before the next step to compute: the grid only grows, so they
   * can never apply again, and a long piece would otherwise check every cadence's on every step.
   */
  private dropPastRitardandos(): void {
    const next = this.multipliers.length / STEPS_PER_BEAT;
    if (this.ritardandos.some((r) => r.to <= next)) this.ritardandos = this.ritardandos.filter((r) => r.to > next);
  }

  /** Seconds at a (fractional) beat. */
  time(beat: number): number {
    const b = Math.max(0, beat);
    const i = Math.floor(b * STEPS_PER_BEAT);
    this.grow(i);
    const frac = b * STEPS_PER_BEAT - i;
    return this.times[i]! + frac * (this.times[i + 1]! - this.times[i]!);
  }

  /** Expressive loudness at a beat, −1…1 (scaled by the character's dynamic magnitude by the caller). */
  intensity(beat: number): number {
    const i = Math.floor(Math.max(0, beat) * STEPS_PER_BEAT);
    this.grow(i);
    return this.loudness[i]!;
  }

  /** The tempo map: one entry per grid step computed so far, consecutive repeats merged. */
  tempoMap(untilBeat: number): { beat: number; bpm: number }[] {
    const steps = Math.ceil(untilBeat * STEPS_PER_BEAT);
    if (steps > 0) this.grow(steps - 1);
    const out: { beat: number; bpm: number }[] = [];
    for (let i = 0; i < steps; i++) {
      const bpm = this.options.bpm * this.multipliers[i]!;
      if (out.length === 0 || Math.abs(out[out.length - 1]!.bpm - bpm) > 1e-9) out.push({ beat: i / STEPS_PER_BEAT, bpm });
    }
    return out;
  }
}

/**
 * The macro arc of intensity over a piece: rising from 0.3 to 0.9 at the climax (60–75 % of
 * the way, later for calmer characters) and settling to 0.5 at the close. The reference only rises.
 */
export function macroArc(position: number, climax: number): number {
  const t = Math.min(1, Math.max(0, position));
  if (t <= climax) return 0.3 + 0.6 * (t / climax);
  return 0.9 - 0.4 * ((t - climax) / (1 - climax));
}
