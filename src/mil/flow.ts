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
  private state: number[];
  private lastBar = 0;
  private readonly noise: PinkNoise[];

  constructor(private attractor: Character, rng: Rng) {
    this.state = characterVector(attractor);
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
   * The effective character for a phrase starting at `bar`. `sectionOffset` is given at the
   * first phrase of a section: the state jumps to attractor + offset + offset (the section's
   * own colour plus its entrance impulse) and relaxes back to attractor + offset.
   */
  at(bar: number, sectionOffset: readonly number[], sectionStart: boolean): Character {
    const a = characterVector(this.attractor).map((x, i) => x + (sectionOffset[i] ?? 0));
    const volatility = this.attractor.volatility;
    const mu = 0.1 + 0.3 * (1 - volatility);
    if (sectionStart) {
      this.state = a.map((x, i) => x + (sectionOffset[i] ?? 0));
    } else {
      const decay = Math.exp(-mu * (bar - this.lastBar));
      this.state = this.state.map((x, i) => a[i]! + (x - a[i]!) * decay);
    }
    this.lastBar = bar;
    // 1/f drift scaled by volatility: steady characters barely move, free ones wander.
    const drift = this.noise.map((n) => n.stepUnit() * 0.08 * volatility);
    const v = this.state.map((x, i) => clamp01(x + drift[i]!));
    return character(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!);
  }
}
