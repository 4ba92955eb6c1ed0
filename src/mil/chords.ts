/**
 * Chords as the composer thinks of them: pitch classes relative to the key's tonic, a
 * harmonic function (tonic, pre-dominant, dominant) and, for colour chords, the device that
 * produced them. Tables from the specification.
 */
import type { Mode } from "./keys.ts";

export type HarmonicFunction = "T" | "PD" | "D";

export type ChordDevice =
  | "diatonic"
  | "secondary-dominant"
  | "borrowed"
  | "neapolitan"
  | "augmented-sixth"
  | "chromatic-mediant"
  | "tritone-substitution";

export interface Chord {
  /** roman numeral, e.g. "V7", "bII6", "Ger+6", "V7/ii" */
  symbol: string;
  /** root in semitones above the key's tonic (0–11) */
  root: number;
  /** pitch classes above the tonic, lowest-sounding first (bass first) */
  pcs: number[];
  /** pitch class above the tonic that the bass plays */
  bass: number;
  fn: HarmonicFunction;
  device: ChordDevice;
  /** scale degree 0–6 for diatonic chords */
  degree?: number;
  /** for an applied (secondary) dominant: the root it resolves to */
  resolvesTo?: number;
  /** 4–3 over V or 9–8 over I: the first half of the chord's time holds the suspension */
  suspension?: "4-3" | "9-8";
  /** true for chords outside the key's diatonic triads (and minor-mode V) */
  chromatic: boolean;
  /** true for minor or diminished quality */
  minorQuality: boolean;
}

const QUALITY = { maj: [0, 4, 7], min: [0, 3, 7], dim: [0, 3, 6], dom7: [0, 4, 7, 10] } as const;
type Quality = keyof typeof QUALITY;

const DEGREE_STEPS: Record<Mode, readonly number[]> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
};
const DEGREE_QUALITY: Record<Mode, readonly Quality[]> = {
  major: ["maj", "min", "min", "maj", "maj", "min", "dim"],
  minor: ["min", "dim", "maj", "min", "maj", "maj", "maj"],
};
const NUMERALS: Record<Mode, readonly string[]> = {
  major: ["I", "ii", "iii", "IV", "V", "vi", "vii°"],
  minor: ["i", "ii°", "III", "iv", "V", "VI", "VII"],
};
/** Function of each degree; iii/III and vi/VI prolong the tonic, vii° and VII act as dominants. */
export const DEGREE_FUNCTION: readonly HarmonicFunction[] = ["T", "PD", "T", "PD", "D", "T", "D"];

/** Transition weights between degrees (rows from, columns to), from the specification. */
export const TRANSITIONS: Record<Mode, readonly (readonly number[])[]> = {
  major: [
    [0.0, 0.18, 0.05, 0.28, 0.25, 0.18, 0.06],
    [0.05, 0.0, 0.0, 0.1, 0.6, 0.0, 0.25],
    [0.05, 0.1, 0.0, 0.5, 0.05, 0.3, 0.0],
    [0.12, 0.1, 0.0, 0.0, 0.55, 0.03, 0.2],
    [0.65, 0.03, 0.05, 0.05, 0.0, 0.17, 0.05],
    [0.05, 0.28, 0.1, 0.4, 0.12, 0.0, 0.05],
    [0.72, 0.0, 0.1, 0.03, 0.1, 0.05, 0.0],
  ],
  minor: [
    [0.0, 0.1, 0.2, 0.15, 0.25, 0.2, 0.1],
    [0.05, 0.0, 0.1, 0.1, 0.55, 0.0, 0.2],
    [0.1, 0.1, 0.0, 0.4, 0.1, 0.25, 0.05],
    [0.1, 0.1, 0.0, 0.0, 0.55, 0.05, 0.2],
    [0.65, 0.03, 0.05, 0.05, 0.0, 0.17, 0.05],
    [0.05, 0.15, 0.2, 0.4, 0.15, 0.0, 0.05],
    [0.7, 0.0, 0.1, 0.05, 0.1, 0.05, 0.0],
  ],
};

/** The functional gravity law: T → PD → D → T, each function may repeat. */
export function functionalStep(from: HarmonicFunction, to: HarmonicFunction): boolean {
  if (from === "T") return true;
  if (from === "PD") return to === "PD" || to === "D";
  return to === "D" || to === "T";
}

function build(
  symbol: string,
  root: number,
  quality: Quality,
  fn: HarmonicFunction,
  device: ChordDevice,
  extra: Partial<Chord> = {},
): Chord {
  const pcs = QUALITY[quality].map((i) => (root + i) % 12);
  return {
    symbol,
    root,
    pcs,
    bass: root,
    fn,
    device,
    chromatic: device !== "diatonic",
    minorQuality: quality === "min" || quality === "dim",
    ...extra,
  };
}

export function diatonic(mode: Mode, degree: number, seventh = false): Chord {
  const root = DEGREE_STEPS[mode][degree]!;
  const quality = seventh && degree === 4 ? "dom7" : DEGREE_QUALITY[mode][degree]!;
  // Minor mode's V is major (raised leading tone) by the specification; it is still diatonic
  // in the harmonic-minor sense, so it counts as a plain chord, not a colour.
  return build(NUMERALS[mode][degree]! + (quality === "dom7" ? "7" : ""), root, quality, DEGREE_FUNCTION[degree]!, "diatonic", { degree });
}

/** Degree index of a diatonic root, or −1. */
export function degreeOf(mode: Mode, root: number): number {
  return DEGREE_STEPS[mode].indexOf(root);
}

const ROMAN = ["I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII"];

/** V7 of the chord on `target` (an applied dominant), resolving a fifth down. */
export function secondaryDominant(mode: Mode, target: number): Chord {
  const name = NUMERALS[mode][degreeOf(mode, target)] ?? ROMAN[target]!;
  return build(`V7/${name}`, (target + 7) % 12, "dom7", "D", "secondary-dominant", { resolvesTo: target });
}

/** Borrowed from the parallel mode: iv, bVI (pre-dominant), bVII (dominant) in major; IV in minor. */
export function borrowed(mode: Mode, kind: "iv" | "bVI" | "bVII" | "IV"): Chord {
  switch (kind) {
    case "iv":
      return build("iv", 5, "min", "PD", "borrowed");
    case "bVI":
      return build("bVI", 8, "maj", "PD", "borrowed");
    case "bVII":
      return build("bVII", 10, "maj", "D", "borrowed");
    case "IV":
      return build(mode === "minor" ? "IV" : "IV", 5, "maj", "PD", "borrowed");
  }
}

/** Neapolitan sixth: major triad on bII in first inversion (the 4th degree in the bass). */
export function neapolitan(): Chord {
  return { ...build("bII6", 1, "maj", "PD", "neapolitan"), pcs: [5, 8, 1], bass: 5 };
}

/** Augmented sixth on b6 (Italian, French, German), resolving outward to V. */
export function augmentedSixth(kind: "It" | "Fr" | "Ger"): Chord {
  const pcs = kind === "It" ? [8, 0, 6] : kind === "Fr" ? [8, 0, 2, 6] : [8, 0, 3, 6];
  return { ...build(`${kind}+6`, 8, "maj", "PD", "augmented-sixth"), pcs, bass: 8 };
}

/** Chromatic mediant: a major triad a third away from the tonic (bIII, III, bVI, VI), prolonging it. */
export function chromaticMediant(root: 3 | 4 | 8 | 9): Chord {
  return build(ROMAN[root]!, root, "maj", "T", "chromatic-mediant");
}

/** Tritone substitution of V7: bII7, resolving down a semitone to I. */
export function tritoneSubstitute(): Chord {
  return build("bII7", 1, "dom7", "D", "tritone-substitution");
}

/** Pitch classes above the tonic sounding in the first half of a suspended chord. */
export function suspendedPcs(c: Chord): number[] {
  if (c.suspension === "4-3") return c.pcs.map((pc) => (pc === (c.root + 4) % 12 ? (c.root + 5) % 12 : pc));
  if (c.suspension === "9-8") return [...c.pcs, (c.root + 2) % 12];
  return c.pcs;
}
