/**
 * The composer's random streams, keyed by (seed, purpose), so composition and performance never
 * share draws (the same notes whatever the pianist) and no global generator is touched. The
 * stream itself is core's SeededRandom: one implementation of randomness for the whole code base.
 */
import { SeededRandom } from "../core/random.ts";

/** What the composer draws from: uniform, chance, int, pick, weighted, gaussian. */
export type Rng = SeededRandom;

/** The stream for one purpose of one piece. */
export function streamFor(seed: string | number, purpose: string): Rng {
  return new SeededRandom(`mil/${seed}/${purpose}`);
}
