/** Walking a key's scale by steps: scale indices (octave·7 + degree) ↔ MIDI pitches. */
import { scaleSteps, type Key } from "./keys.ts";

export class ScaleSpace {
  private readonly steps: readonly number[];
  private readonly inScale: boolean[];

  constructor(readonly key: Key) {
    this.steps = scaleSteps(key.mode);
    this.inScale = [];
    for (let pc = 0; pc < 12; pc++) this.inScale.push(this.steps.includes((pc - key.tonic + 12) % 12));
  }

  contains(pitch: number): boolean {
    return this.inScale[((pitch % 12) + 12) % 12]!;
  }

  /** MIDI pitch of a scale index (index 0 = the tonic in octave −1, i.e. MIDI tonic pc). */
  pitch(index: number): number {
    const oct = Math.floor(index / 7);
    const deg = index - oct * 7;
    return 12 * oct + this.key.tonic + this.steps[deg]!;
  }

  /** Scale index of a pitch in the scale, or of the nearest scale pitch at or below it. */
  index(pitch: number): number {
    const rel = pitch - this.key.tonic;
    const oct = Math.floor(rel / 12);
    const within = rel - oct * 12;
    let deg = 0;
    for (let d = 0; d < 7; d++) if (this.steps[d]! <= within) deg = d;
    return oct * 7 + deg;
  }

  /** The scale neighbour above (+1) or below (−1) a pitch. */
  neighbour(pitch: number, dir: 1 | -1): number {
    if (dir > 0) return this.pitch(this.index(pitch) + 1);
    const i = this.index(pitch);
    return this.contains(pitch) ? this.pitch(i - 1) : this.pitch(i);
  }
}
