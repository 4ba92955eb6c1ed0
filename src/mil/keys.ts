/** Keys, modes, scales and the related keys a section may move to. */

export type Mode = "major" | "minor";

export const KEY_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"] as const;
export type KeyName = (typeof KEY_NAMES)[number];

export const MAJOR_STEPS = [0, 2, 4, 5, 7, 9, 11] as const;
export const MINOR_STEPS = [0, 2, 3, 5, 7, 8, 10] as const;

export interface Key {
  /** pitch class of the tonic, 0 = C */
  tonic: number;
  mode: Mode;
}

const LETTERS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/** Parse `C`, `c#`, `Db`, `F♯`, `Bb` … to a pitch class, or undefined. */
export function parseKeyName(name: string): number | undefined {
  const m = /^([a-gA-G])([#♯sb♭]?)$/.exec(name.trim());
  if (!m) return undefined;
  const base = LETTERS[m[1]!.toLowerCase()]!;
  const acc = m[2] === "#" || m[2] === "♯" || m[2] === "s" ? 1 : m[2] === "b" || m[2] === "♭" ? -1 : 0;
  return (base + acc + 12) % 12;
}

export function keyName(k: Key): string {
  return `${KEY_NAMES[k.tonic]} ${k.mode}`;
}

export function scaleSteps(mode: Mode): readonly number[] {
  return mode === "major" ? MAJOR_STEPS : MINOR_STEPS;
}

/** Pitch classes (absolute) of the key's scale. */
export function scalePcs(k: Key): number[] {
  return scaleSteps(k.mode).map((s) => (s + k.tonic) % 12);
}

/**
 * Related keys for a contrasting section: from major the dominant, relative minor and
 * subdominant; from minor the relative major, dominant minor and subdominant minor.
 */
export function relatedKeys(home: Key): Key[] {
  const t = home.tonic;
  return home.mode === "major"
    ? [
        { tonic: (t + 7) % 12, mode: "major" },
        { tonic: (t + 9) % 12, mode: "minor" },
        { tonic: (t + 5) % 12, mode: "major" },
      ]
    : [
        { tonic: (t + 3) % 12, mode: "major" },
        { tonic: (t + 7) % 12, mode: "minor" },
        { tonic: (t + 5) % 12, mode: "minor" },
      ];
}

/** Key signature (sharps positive) for the SMF key-signature meta event. */
export function keySignature(k: Key): number {
  const major = k.mode === "major" ? k.tonic : (k.tonic + 3) % 12;
  return MAJOR_SIGNATURES[major]!;
}

// Sharps/flats of each major key by tonic pitch class, spelled as KEY_NAMES spells them.
const MAJOR_SIGNATURES = [0, 7, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5] as const;

/** Transposition of a register for this key, within −5…+6 semitones so the melody never drifts an octave. */
export function registerShift(tonic: number): number {
  return tonic > 6 ? tonic - 12 : tonic;
}
