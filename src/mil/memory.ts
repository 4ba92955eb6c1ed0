/**
 * Thematic memory: how familiar the theme still is. Each statement refreshes it; it fades as
 * F = exp(−λ(t − t_last)), more slowly for often-recalled material. When it drops below the
 * threshold θ (lower for volatile characters), the pressure to recall the theme rises.
 */
import type { TransformName } from "./motif.ts";

/** Transformations that keep the theme recognisable: their use refreshes its familiarity. */
const RECOGNISABLE: ReadonlySet<TransformName> = new Set(["identity", "fragmentation", "sequence-up", "sequence-down"]);

export class ThematicMemory {
  private readonly uses = new Map<TransformName, number[]>();

  record(t: TransformName, beat: number): void {
    const list = this.uses.get(t);
    if (list) list.push(beat);
    else this.uses.set(t, [beat]);
  }

  familiarity(t: TransformName, beat: number): number {
    const list = this.uses.get(t);
    if (!list || list.length === 0) return 0;
    const lambda = 0.08 / Math.max(1, 0.5 * list.length);
    return Math.exp(-lambda * (beat - list[list.length - 1]!));
  }

  /** R = max(0, θ − F) for the theme in its recognisable forms. */
  recallPressure(beat: number, threshold: number): number {
    let f = 0;
    for (const t of RECOGNISABLE) f = Math.max(f, this.familiarity(t, beat));
    return Math.max(0, threshold - f);
  }
}
