/**
 * Character space C = [0,1]^5 and the mapping Φ from a character to every parameter the
 * composer uses. Each parameter is a continuous function of the vector (Theorem 4): all the
 * stochastic choices downstream share one bias, which is what gives a piece its identity.
 */

/** A point in character space; every dimension in [0, 1]. */
export interface Character {
  /** slow, soft, sparse, legato (0) … fast, loud, dense, staccato (1) */
  energy: number;
  /** bright, simple harmony (0) … low register, chromatic harmony (1) */
  darkness: number;
  /** simple rhythms, stepwise (0) … elaborate rhythms, leaps, rich harmony (1) */
  complexity: number;
  /** percussive, detached (0) … singing, sustained (1) */
  lyricism: number;
  /** steady (0) … sudden shifts, surprising turns (1) */
  volatility: number;
}

export const CHARACTER_DIMENSIONS = ["energy", "darkness", "complexity", "lyricism", "volatility"] as const;
export type CharacterDimension = (typeof CHARACTER_DIMENSIONS)[number];

export type Metre = "4/4" | "3/4" | "6/8";

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

export function character(e: number, d: number, x: number, l: number, v: number): Character {
  return { energy: e, darkness: d, complexity: x, lyricism: l, volatility: v };
}

export function characterVector(c: Character): [number, number, number, number, number] {
  return [c.energy, c.darkness, c.complexity, c.lyricism, c.volatility];
}

export function clampCharacter(c: Character): Character {
  return character(clamp01(c.energy), clamp01(c.darkness), clamp01(c.complexity), clamp01(c.lyricism), clamp01(c.volatility));
}

/** c + delta, clamped to the cube. */
export function offsetCharacter(c: Character, delta: readonly number[], scale = 1): Character {
  const v = characterVector(c);
  return clampCharacter(character(...(v.map((x, i) => x + (delta[i] ?? 0) * scale) as [number, number, number, number, number])));
}

/** Convex mix: t = 0 gives a, t = 1 gives b. */
export function mixCharacters(a: Character, b: Character, t: number): Character {
  const va = characterVector(a);
  const vb = characterVector(b);
  return character(...(va.map((x, i) => x + (vb[i]! - x) * t) as [number, number, number, number, number]));
}

export function characterDistance(a: Character, b: Character): number {
  const va = characterVector(a);
  const vb = characterVector(b);
  return Math.sqrt(va.reduce((s, x, i) => s + (x - vb[i]!) ** 2, 0));
}

/** Everything Φ derives from a character (the seed's formulas, kept exactly). */
export interface CharacterParams {
  bpm: number;
  maxInterval: number;
  stepProbability: number;
  secondaryDominantProb: number;
  borrowedChordProb: number;
  suspensionProb: number;
  rubatoMagnitude: number;
  dynamicMagnitude: number;
  melodyCentre: number;
  baseVelocity: number;
  harmonicColour: number;
  neapolitanProb: number;
  augmentedSixthProb: number;
  chromaticMediantProb: number;
  tritoneSubProb: number;
  viscosity: number;
  recallThreshold: number;
  targetRange: number;
  targetVelocity: number;
  targetDensity: number;
  /** Fraction of a written note that sounds: lyricism sustains, energy detaches. */
  legato: number;
}

export function characterParams(c: Character): CharacterParams {
  const { energy: e, darkness: d, complexity: x, lyricism: l, volatility: v } = c;
  const H = 0.5 * d + 0.5 * x;
  const baseVelocity = Math.floor(45 + 40 * e);
  return {
    bpm: Math.min(200, Math.max(50, 58 + 120 * e + 20 * v)),
    maxInterval: 2 + Math.floor(4 * x + 2 * e),
    stepProbability: Math.max(0.45, 0.85 - 0.35 * x),
    secondaryDominantProb: 0.15 * x + 0.08 * d,
    borrowedChordProb: 0.12 * d + 0.08 * v,
    suspensionProb: 0.15 * l + 0.08 * x,
    rubatoMagnitude: 0.04 + 0.06 * l + 0.02 * (1 - e),
    dynamicMagnitude: 10 + 15 * v + 8 * e,
    melodyCentre: Math.floor(72 - 8 * d + 4 * e),
    baseVelocity,
    harmonicColour: H,
    neapolitanProb: Math.max(0, H - 0.5) * 0.15,
    augmentedSixthProb: Math.max(0, H - 0.55) * 0.12,
    chromaticMediantProb: Math.max(0, H - 0.65) * 0.1,
    tritoneSubProb: Math.max(0, H - 0.75) * 0.08,
    viscosity: 0.1 + 0.3 * (1 - v),
    recallThreshold: 0.6 - 0.3 * v,
    targetRange: 8 + 8 * e + 4 * x,
    targetVelocity: baseVelocity,
    targetDensity: 1 + 2 * e + 1.5 * x,
    // Not in the seed: the seed says energy means staccato and lyricism legato, so the
    // sounding length follows both (a march ≈ 0.65 of the written length, a nocturne ≈ 0.97).
    legato: 0.9 + 0.08 * l - 0.35 * e * (1 - l),
  };
}

/** The seed's metre decision tree, for characters that are not a named archetype. */
export function metreFor(c: Character): Metre {
  const { energy: e, darkness: d, lyricism: l, volatility: v } = c;
  if (l > 0.65 && e < 0.45) return "6/8";
  if (e > 0.85 && l < 0.2 && d < 0.35) return "6/8";
  if (l > 0.5 && e < 0.55) return "3/4";
  if (e > 0.7 && l < 0.25 && v > 0.6) return "3/4";
  return "4/4";
}

/** Bar length in quarter notes (a 6/8 bar is three quarters, felt as two dotted-quarter pulses). */
export function barBeatsOf(metre: Metre): number {
  return metre === "4/4" ? 4 : 3;
}

/** The felt pulse in quarter notes: accents and the groove follow it. */
export function pulseOf(metre: Metre): number {
  return metre === "6/8" ? 1.5 : 1;
}

/** Minor mode darkens a character by 0.15 (the reference's rule). */
export function withMode(c: Character, mode: "major" | "minor"): Character {
  return mode === "minor" ? { ...c, darkness: clamp01(c.darkness + 0.15) } : c;
}
