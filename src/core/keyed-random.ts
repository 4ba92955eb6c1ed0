/**
 * Keyed randomness: a draw is a pure function of its key — (seed, node, position, …) — not of
 * how many draws came before. A changed probability, a reload of another patch, a replay that
 * starts mid-set: none of them shifts any other choice, because no choice depends on a stream's
 * position. Sequential streams (random.ts) remain for code that wants them; everything that
 * plays on a grid (patterns, ornaments, arpeggio chances) draws by key.
 *
 * The hash is a 32-bit mix (multiply–xorshift, as in MurmurHash3's finaliser) over the key's
 * parts: fast enough for a million draws a second, and every bit of the key moves every bit of
 * the draw.
 */

/** One part of a key: a name, an integer (a cycle, a step), or any number (its exact bits). */
export type KeyPart = string | number;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fold one 32-bit word into the running hash (the golden-ratio step keeps equal words apart). */
function fold(h: number, word: number): number {
  return mix((h ^ word) + 0x9e3779b9 + (h << 6) + (h >>> 2));
}

function foldPart(h: number, part: KeyPart): number {
  if (typeof part === "string") {
    // FNV-1a over the UTF-16 units, then a length word: "ab","c" and "a","bc" differ.
    let s = 0x811c9dc5;
    for (let i = 0; i < part.length; i++) s = Math.imul(s ^ part.charCodeAt(i), 0x01000193);
    return fold(fold(h, s >>> 0), part.length | 0x40000000);
  }
  if (Number.isInteger(part) && part >= -0x80000000 && part <= 0x7fffffff) return fold(h, part | 0);
  f64[0] = part;
  return fold(fold(h, u32[0]!), u32[1]! ^ 0x7ff00000);
}

/** The 32-bit hash of a key. */
export function keyHash(parts: readonly KeyPart[]): number {
  let h = 0x2545f491;
  for (const p of parts) h = foldPart(h, p);
  return h;
}

/** A uniform draw in [0, 1) for the key. */
export function keyedUniform(...parts: KeyPart[]): number {
  return keyHash(parts) / 0x100000000;
}

/** The index a uniform draw `u` in [0, 1) picks from non-negative weights, in proportion to them. */
export function weightedIndex(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = u * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/**
 * The draws of one node: keyed by the set's seed and the node's name, then by whatever position
 * the node gives (a cycle and a step, a tick, a note's index) and a purpose (two different choices
 * at one position must not be the same draw).
 */
export class KeyedRandom {
  private readonly base: number;

  constructor(seed: KeyPart, node: string) {
    this.base = keyHash([seed, node]);
  }

  /** Uniform in [0, 1) at `position`. */
  at(...position: KeyPart[]): number {
    let h = this.base;
    for (const p of position) h = foldPart(h, p);
    return h / 0x100000000;
  }

  /** True with probability p at `position` (p ≤ 0 never, p ≥ 1 always). */
  chance(p: number, ...position: KeyPart[]): boolean {
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.at(...position) < p;
  }

  /** One of `items`, uniformly, at `position`. */
  choice<T>(items: readonly T[], ...position: KeyPart[]): T {
    if (items.length === 0) throw new RangeError("choice() needs at least one item");
    return items[Math.floor(this.at(...position) * items.length)]!;
  }

  /** Integer in [lo, hi] at `position`. */
  int(lo: number, hi: number, ...position: KeyPart[]): number {
    return lo + Math.floor(this.at(...position) * (hi - lo + 1));
  }
}
