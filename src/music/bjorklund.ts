/**
 * Euclidean rhythms by Bjorklund's algorithm, as Toussaint describes it in "The Euclidean
 * Algorithm Generates Traditional Musical Rhythms" (2005): k onsets spread as evenly as possible
 * over n steps.
 *
 * Argument order is (pulses, steps), as in the paper's E(k, n). The result starts with a hit.
 * Rotation r shifts the pattern *left* by r steps (it starts r steps in), as in Tidal and Strudel:
 * rotate(x..x..x., 1) = ..x..x.x. A negative r shifts right.
 */

/** The hits of E(pulses, steps) as booleans, starting with a hit (when pulses > 0). */
export function bjorklund(pulses: number, steps: number): boolean[] {
  check(pulses, steps);
  if (pulses === 0) return new Array<boolean>(steps).fill(false);
  // Groups of the sequence being built: first the k onsets, then the n − k rests.
  let heads: boolean[][] = Array.from({ length: pulses }, () => [true]);
  let rest: boolean[][] = Array.from({ length: steps - pulses }, () => [false]);
  // Pair each head with a remainder group, as the Euclidean algorithm divides; the leftover
  // (of heads or of remainders) becomes the new remainder. Stop when at most one group is left over.
  while (rest.length > 0) {
    const m = Math.min(heads.length, rest.length);
    const paired = heads.slice(0, m).map((h, i) => h.concat(rest[i]!));
    const leftover = heads.length > m ? heads.slice(m) : rest.slice(m);
    heads = paired;
    rest = leftover;
    if (rest.length <= 1) break;
  }
  return heads.concat(rest).flat();
}

/** Rotate left by `rotation` steps (negative: right). */
export function rotate<T>(pattern: readonly T[], rotation: number): T[] {
  const n = pattern.length;
  if (n === 0) return [];
  const r = ((rotation % n) + n) % n;
  return [...pattern.slice(r), ...pattern.slice(0, r)];
}

/** "x..x..x." */
export function formatRhythm(hits: readonly boolean[]): string {
  return hits.map((h) => (h ? "x" : ".")).join("");
}

function check(pulses: number, steps: number): void {
  if (!Number.isInteger(steps) || steps < 1 || steps > 1024) {
    throw new RangeError(`steps must be an integer from 1 to 1024, got ${steps}`);
  }
  if (!Number.isInteger(pulses) || pulses < 0 || pulses > steps) {
    throw new RangeError(`pulses must be an integer from 0 to steps (${steps}), got ${pulses}`);
  }
}
