/**
 * How loud: one dynamic level per bar that every voice follows, so a lullaby is played
 * pianissimo to piano and a toccata forte to fortissimo, the whole keyboard at once.
 *
 * The specification writes the melody as base velocity + 35·intensity (intensity being the macro
 * arc, 0.3–0.9) and the left hand as 35 + 20·intensity + 10e. Two departures, both so that the
 * character's loudness is heard: the arc is centred on its mean (35·(intensity − 0.6)), so the
 * base velocity 45 + 40e is the piece's mean loudness rather than 21 below it, and the left hand
 * follows the same level a little under the tune instead of sitting at 45–70 whatever the
 * character (which made every archetype mezzo-forte on average). On top: the section's level,
 * and a phrase's own shape — a crescendo toward the bar before the cadence, a softer cadence.
 */
import type { SectionRole } from "./form.ts";

/** Velocity units the section adds: its dynamic base, widened for volatile characters, and a loud contrast for the most volatile. */
export function sectionLevel(role: SectionRole, dynamicBase: number, volatility: number): number {
  const contrast = role === "B" || role === "C" ? volatileContrast(volatility) : 0;
  return 30 * (dynamicBase - 0.6) * (1 + 2 * volatility) + contrast;
}

/** Volatile characters (v > 0.6) play their contrasting sections a step louder (and, see composer.ts, in another texture). */
export function volatileContrast(volatility: number): number {
  return volatility > 0.6 ? 10 : 0;
}

/** A phrase's own dynamics: −3 … +3 rising toward the bar before the cadence, then 5 softer at the cadence. */
export function phraseShape(bar: number, bars: number): number {
  if (bars < 2) return 0;
  if (bar >= bars - 1) return -5;
  return bars === 2 ? 0 : 6 * (bar / (bars - 2) - 0.5);
}

/** The dynamic level of a bar: base velocity, the macro arc centred on its mean, the section and the phrase. */
export function dynamicLevel(baseVelocity: number, intensity: number, section: number, shape: number): number {
  return baseVelocity + 35 * (intensity - 0.6) + section + shape;
}

/** How far under the tune the left hand plays: a singing line stands out (up to 22 velocity units), a percussive one hardly (4). */
export function leftHandGap(lyricism: number): number {
  return 4 + 18 * lyricism;
}
