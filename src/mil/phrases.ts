/**
 * Phrase plan: 4-bar antecedent (half cadence) + consequent (authentic cadence) pairs; a
 * remainder of under 8 bars is one consequent of 4–7 bars. Each phrase gets a transformation
 * of the seed motif from its section role's plan.
 */
import type { SectionRole } from "./form.ts";
import type { TransformName } from "./motif.ts";
import type { Rng } from "./rng.ts";

export type Cadence = "half" | "authentic";

export interface PhrasePlan {
  startBar: number;
  bars: number;
  cadence: Cadence;
  transform: TransformName;
  /** index of the phrase within its section */
  index: number;
}

export const TRANSFORM_PLANS: Record<SectionRole, readonly TransformName[]> = {
  A: ["identity", "identity", "sequence-up", "fragmentation"],
  B: ["inversion", "retrograde", "sequence-down", "retrograde-inversion", "fragmentation", "diminution"],
  C: ["retrograde-inversion", "augmentation", "sequence-down", "inversion"],
  "A'": ["identity", "sequence-up", "inversion", "identity"],
};

/**
 * Phrase lengths for a section of `bars` bars: antecedent–consequent pairs of 4 + 4; what is
 * left (4–11 bars) becomes one consequent of 4–7 bars, or a 4-bar antecedent and a consequent
 * of 4–7 — never a phrase shorter than 4 bars.
 */
export function phraseLayout(bars: number): { bars: number; cadence: Cadence }[] {
  const out: { bars: number; cadence: Cadence }[] = [];
  let left = bars;
  while (left >= 16 || left === 8 || left === 12) {
    out.push({ bars: 4, cadence: "half" }, { bars: 4, cadence: "authentic" });
    left -= 8;
  }
  if (left >= 8) {
    out.push({ bars: 4, cadence: "half" }, { bars: left - 4, cadence: "authentic" });
  } else if (left > 0) out.push({ bars: left, cadence: "authentic" });
  return out;
}

/**
 * The transform a consequent uses: its antecedent's, or (p = 0.4) another from the plan;
 * `recall` (thematic memory's pressure, §9) pulls it back to identity or fragmentation.
 */
export function consequentTransform(
  antecedent: TransformName,
  role: SectionRole,
  rng: Rng,
): TransformName {
  return rng.chance(0.4) ? rng.pick(TRANSFORM_PLANS[role]) : antecedent;
}
