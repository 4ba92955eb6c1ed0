/**
 * A phrase's chord progression: one chord per bar (two in a bar when the character's
 * harmonic rhythm quickens), a weighted walk over the degree transition matrix with the
 * non-functional steps removed, and fixed cadence slots:
 *   authentic  I … PD | V(7) I     (the pre-dominant and dominant share the penultimate bar)
 *   half       I … PD V
 * Colour devices replace walk chords or the pre-dominant slot, never the cadential V.
 */
import type { Character, CharacterParams } from "./character.ts";
import {
  augmentedSixth,
  borrowed,
  chromaticMediant,
  DEGREE_FUNCTION,
  diatonic,
  functionalStep,
  neapolitan,
  secondaryDominant,
  TRANSITIONS,
  tritoneSubstitute,
  type Chord,
} from "./chords.ts";
import type { Mode } from "./keys.ts";
import type { Cadence } from "./phrases.ts";
import type { Rng } from "./rng.ts";

export interface ChordSpan {
  /** quarter notes from the phrase start */
  beat: number;
  beats: number;
  chord: Chord;
}

type Slot = { beat: number; beats: number; kind: "tonic" | "walk" | "pd" | "cadential-v" | "final-i" | "half-v" };

function slots(bars: number, barBeats: number, cadence: Cadence, splitProb: number, rng: Rng): Slot[] {
  const half = barBeats === 3 ? 2 : barBeats / 2;
  const out: Slot[] = [{ beat: 0, beats: barBeats, kind: "tonic" }];
  for (let b = 1; b < bars - 2; b++) {
    if (rng.chance(splitProb)) {
      out.push({ beat: b * barBeats, beats: half, kind: "walk" }, { beat: b * barBeats + half, beats: barBeats - half, kind: "walk" });
    } else out.push({ beat: b * barBeats, beats: barBeats, kind: "walk" });
  }
  const pen = (bars - 2) * barBeats;
  if (cadence === "authentic") {
    out.push({ beat: pen, beats: half, kind: "pd" }, { beat: pen + half, beats: barBeats - half, kind: "cadential-v" });
    out.push({ beat: pen + barBeats, beats: barBeats, kind: "final-i" });
  } else {
    out.push({ beat: pen, beats: barBeats, kind: "pd" }, { beat: pen + barBeats, beats: barBeats, kind: "half-v" });
  }
  return out;
}

const MINOR_QUALITY: Record<Mode, boolean[]> = {
  major: [0, 1, 2, 3, 4, 5, 6].map((d) => diatonic("major", d).minorQuality),
  minor: [0, 1, 2, 3, 4, 5, 6].map((d) => diatonic("minor", d).minorQuality),
};

/** Degree weights from `from`, with retrogressions removed and darkness favouring minor chords. */
function walkWeights(mode: Mode, from: number, d: number, mustPrecedePD: boolean): number[] {
  const fromFn = DEGREE_FUNCTION[from]!;
  return TRANSITIONS[mode][from]!.map((w, to) => {
    const fn = DEGREE_FUNCTION[to]!;
    if (!functionalStep(fromFn, fn)) return 0;
    if (mustPrecedePD && !functionalStep(fn, "PD")) return 0;
    // Darkness makes the minor-quality chords (and the diminished one) more likely.
    return MINOR_QUALITY[mode][to] ? w * (0.5 + 1.5 * d) : w;
  });
}

function pickPreDominant(mode: Mode, d: number, previous: number, rng: Rng): Chord {
  // major: ii or IV; minor: ii° or iv — darker characters lean to the minor-quality one.
  // After a walk chord that already was one of them, take the other (ii → IV, IV → ii).
  if (previous === 1) return diatonic(mode, 3);
  if (previous === 3) return diatonic(mode, 1);
  const minorWeight = mode === "major" ? 0.3 + 0.5 * d : 0.35;
  return diatonic(mode, rng.chance(minorWeight) ? 1 : 3);
}

export interface ProgressionOptions {
  bars: number;
  barBeats: number;
  cadence: Cadence;
  mode: Mode;
  character: Character;
  params: CharacterParams;
  /** the final phrase of the piece: nothing may colour its closing cadence */
  final: boolean;
}

export function progression(o: ProgressionOptions, rng: Rng): ChordSpan[] {
  const { mode, params: p, character: c } = o;
  const splitProb = Math.min(0.5, Math.max(0, 0.8 * c.complexity + 0.4 * c.energy - 0.6));
  const plan = slots(o.bars, o.barBeats, o.cadence, splitProb, rng);
  const chords: Chord[] = [];
  let degree = 0;
  for (let i = 0; i < plan.length; i++) {
    const s = plan[i]!;
    let chord: Chord;
    switch (s.kind) {
      case "tonic":
        chord = diatonic(mode, 0);
        if (rng.chance(p.suspensionProb * 0.5)) chord = { ...chord, suspension: "9-8" };
        break;
      case "walk": {
        const next = plan[i + 1]!.kind;
        const w = walkWeights(mode, degree, c.darkness, next === "pd");
        degree = rng.weighted(w);
        chord = diatonic(mode, degree);
        break;
      }
      case "pd":
        chord = pickPreDominant(mode, c.darkness, degree, rng);
        break;
      case "cadential-v":
        chord = diatonic(mode, 4, rng.chance(0.4 + 0.5 * c.complexity));
        if (rng.chance(p.suspensionProb)) chord = { ...chord, suspension: "4-3" };
        break;
      case "half-v":
        chord = diatonic(mode, 4);
        break;
      case "final-i":
        chord = diatonic(mode, 0);
        break;
    }
    chords.push(chord);
  }
  colour(plan, chords, o, rng);
  return plan.map((s, i) => ({ beat: s.beat, beats: s.beats, chord: chords[i]! }));
}

/** Colour devices, each with its probability from the character (§1 of the specification). */
function colour(plan: Slot[], chords: Chord[], o: ProgressionOptions, rng: Rng): void {
  const { mode, params: p } = o;
  // The pre-dominant slot first: walk chords may then prepare whatever it became.
  for (let i = 1; i < plan.length; i++) {
    if (plan[i]!.kind !== "pd") continue;
    if (rng.chance(p.augmentedSixthProb)) chords[i] = augmentedSixth(rng.pick(["It", "Fr", "Ger"] as const));
    else if (rng.chance(p.neapolitanProb)) chords[i] = neapolitan();
    else if (rng.chance(p.secondaryDominantProb * 0.5)) chords[i] = secondaryDominant(mode, 7);
    else if (rng.chance(p.borrowedChordProb)) {
      chords[i] = mode === "major" ? borrowed(mode, rng.pick(["iv", "bVI"] as const)) : borrowed(mode, "IV");
    }
  }
  // Walk chords from last to first, so an applied dominant always sees its final target.
  for (let i = plan.length - 2; i >= 1; i--) {
    if (plan[i]!.kind !== "walk") continue;
    const prev = chords[i - 1]!;
    const cur = chords[i]!;
    const next = chords[i + 1]!;
    const target = next.device === "diatonic" && next.degree !== undefined && next.root !== 0 && !next.symbol.includes("°");
    if (cur.fn === "T" && prev.fn === "T" && rng.chance(p.chromaticMediantProb)) {
      chords[i] = chromaticMediant(rng.pick([3, 4, 8, 9] as const));
    } else if (cur.degree === 4 && next.fn === "T" && next.root === 0 && rng.chance(p.tritoneSubProb)) {
      chords[i] = tritoneSubstitute();
    } else if (target && functionalStep(prev.fn, next.fn) && rng.chance(p.secondaryDominantProb)) {
      chords[i] = secondaryDominant(mode, next.root);
    } else if (mode === "major" && rng.chance(p.borrowedChordProb)) {
      if (cur.fn === "PD") chords[i] = borrowed(mode, rng.pick(["iv", "bVI"] as const));
      else if (cur.fn === "D" && next.fn === "T") chords[i] = borrowed(mode, "bVII");
    }
  }
}

