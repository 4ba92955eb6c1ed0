/**
 * Character flow: dc/dt = −μ(c − attractor) + pink noise. Between phrases the state relaxes
 * exactly (c − a)·e^(−μ·bars); a section boundary kicks it by the section's offset (the
 * impulse that then decays). Steering moves the attractor; the music follows at the speed
 * the viscosity allows.
 */
import { CHARACTER_DIMENSIONS, character, characterVector, clamp01, type Character } from "./character.ts";
import { PinkNoise } from "./pink-noise.ts";
import type { Rng } from "./rng.ts";

export class CharacterFlow {
  /**
   * Where the character itself has got to on its way to the attractor. Without steering it is
   * the attractor; after a steer it relaxes toward the new one, (c − a)·e^(−μ·bars), so neither
   * the steer nor a later section boundary is ever a jump cut.
   */
  private base: number[];
  /** The current section's entrance impulse, decaying at the viscosity. */
  private impulse: number[];
  private lastBar = 0;
  private readonly noise: PinkNoise[];

  constructor(private attractor: Character, rng: Rng) {
    this.base = characterVector(attractor);
    this.impulse = this.base.map(() => 0);
    this.noise = CHARACTER_DIMENSIONS.map(() => new PinkNoise(rng, 5));
  }

  /** Make `c` the new attractor (the performer steering the piece). */
  steer(c: Character): void {
    this.attractor = c;
  }

  get target(): Character {
    return this.attractor;
  }

  /**
   * The effective character for a phrase starting at `bar`: base + section offset + impulse, the
   * seed's "attractor + offset·e^(−μ·bars since section start)" with attractor = base character +
   * the section's offset. `sectionOffset` with `sectionStart` starts a section: its impulse is
   * the offset again (the section's own colour plus its entrance kick), then decays.
   */
  at(bar: number, sectionOffset: readonly number[], sectionStart: boolean): Character {
    const volatility = this.attractor.volatility;
    const mu = 0.1 + 0.3 * (1 - volatility);
    const relax = Math.exp(-mu * (bar - this.lastBar));
    const goal = characterVector(this.attractor);
    this.base = this.base.map((x, i) => goal[i]! + (x - goal[i]!) * relax);
    this.impulse = sectionStart ? sectionOffset.map((x) => x) : this.impulse.map((x) => x * relax);
    this.lastBar = bar;
    // 1/f drift scaled by volatility: steady characters barely move, free ones wander.
    const drift = this.noise.map((n) => n.stepUnit() * 0.08 * volatility);
    const v = this.base.map((x, i) => clamp01(x + (sectionOffset[i] ?? 0) + (this.impulse[i] ?? 0) + drift[i]!));
    return character(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!);
  }
}
