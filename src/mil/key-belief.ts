/**
 * Harmonic-field uncertainty, for a display meter: a belief over the 24 keys (12 major,
 * 12 minor) that listens note by note. Prior exp(−0.15 · semitone distance from home); each
 * note mixes 12 % toward uniform, then weighs each key by 0.55 (tonic-triad tone), 0.35
 * (scale tone) or 0.15 (other). The meter is the belief's entropy in bits (0 … log2 24 ≈ 4.58).
 */
import { MAJOR_STEPS, MINOR_STEPS, type Key } from "./keys.ts";

const KEYS = 24;

export class KeyBelief {
  private readonly p = new Float64Array(KEYS);
  // likelihood of each pitch class under each key
  private static readonly like: Float64Array[] = Array.from({ length: 12 }, (_, pc) => {
    const row = new Float64Array(KEYS);
    for (let k = 0; k < KEYS; k++) {
      const tonic = k % 12;
      const minor = k >= 12;
      const rel = (pc - tonic + 12) % 12;
      const triad = rel === 0 || rel === 7 || rel === (minor ? 3 : 4);
      const scale = (minor ? MINOR_STEPS : MAJOR_STEPS).includes(rel as never);
      row[k] = triad ? 0.55 : scale ? 0.35 : 0.15;
    }
    return row;
  });

  constructor(home: Key) {
    let sum = 0;
    for (let k = 0; k < KEYS; k++) {
      const d = Math.min((k % 12 - home.tonic + 12) % 12, (home.tonic - (k % 12) + 12) % 12) + ((k >= 12) !== (home.mode === "minor") ? 1 : 0);
      this.p[k] = Math.exp(-0.15 * d);
      sum += this.p[k]!;
    }
    for (let k = 0; k < KEYS; k++) this.p[k]! /= sum;
  }

  /** Hear one note; returns the entropy in bits afterwards. */
  hear(pitch: number): number {
    const like = KeyBelief.like[((pitch % 12) + 12) % 12]!;
    let sum = 0;
    for (let k = 0; k < KEYS; k++) {
      const v = (0.88 * this.p[k]! + 0.12 / KEYS) * like[k]!;
      this.p[k] = v;
      sum += v;
    }
    let h = 0;
    for (let k = 0; k < KEYS; k++) {
      const q = this.p[k]! / sum;
      this.p[k] = q;
      if (q > 0) h -= q * Math.log2(q);
    }
    return h;
  }
}
