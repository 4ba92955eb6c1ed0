/**
 * Exact rational time for patterns: a cycle position such as 7/6 is kept as 7/6, never as
 * 1.1666…, so an onset at cycle 100 000 + 1/3 lands on the same tick as one at 1/3.
 *
 * Numerator and denominator are plain numbers (safe integers), always reduced, the sign on the
 * numerator. Number arithmetic with a gcd is many times faster than bigint, and patterns are
 * queried about a million events a second.
 *
 * Guaranteed range: every numerator and denominator, and every intermediate cross product, stays
 * within ±2^53 (Number.MAX_SAFE_INTEGER). In practice that is any cycle below 10^9 with
 * denominators up to about 10^4 (a subdivision finer than anyone plays). Outside the range an
 * operation throws a RangeError: never a silently wrong time.
 */

function gcd(a: number, b: number): number {
  if (a < 0) a = -a;
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function checkSafe(n: number, d: number): void {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) {
    throw new RangeError(`pattern time out of range (${n}/${d}): cycles and subdivisions too large to keep exact`);
  }
}

/** A reduced fraction n/d with d > 0. Immutable. */
export class Fraction {
  /** Use `frac()`; the constructor trusts that n/d is already reduced with d > 0. */
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}

  add(o: Fraction): Fraction {
    if (this.d === o.d) return make(this.n + o.n, this.d);
    return make(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  sub(o: Fraction): Fraction {
    if (this.d === o.d) return make(this.n - o.n, this.d);
    return make(this.n * o.d - o.n * this.d, this.d * o.d);
  }

  mul(o: Fraction): Fraction {
    if (this.d === 1 && o.d === 1) return int(this.n * o.n);
    return make(this.n * o.n, this.d * o.d);
  }

  div(o: Fraction): Fraction {
    if (o.n === 0) throw new RangeError("division of pattern time by zero");
    return o.n < 0 ? make(-this.n * o.d, -this.d * o.n) : make(this.n * o.d, this.d * o.n);
  }

  /** Negative, zero or positive as this is less than, equal to or greater than `o`. */
  compare(o: Fraction): number {
    if (this.d === o.d) return this.n - o.n;
    const l = this.n * o.d;
    const r = o.n * this.d;
    checkSafe(l, r);
    return l - r;
  }

  lt(o: Fraction): boolean {
    return this.compare(o) < 0;
  }
  lte(o: Fraction): boolean {
    return this.compare(o) <= 0;
  }
  gt(o: Fraction): boolean {
    return this.compare(o) > 0;
  }
  gte(o: Fraction): boolean {
    return this.compare(o) >= 0;
  }
  eq(o: Fraction): boolean {
    return this.n === o.n && this.d === o.d;
  }

  min(o: Fraction): Fraction {
    return this.compare(o) <= 0 ? this : o;
  }
  max(o: Fraction): Fraction {
    return this.compare(o) >= 0 ? this : o;
  }

  /** The whole cycle this position falls in (towards minus infinity). */
  floor(): Fraction {
    return this.d === 1 ? this : int(Math.floor(this.n / this.d));
  }

  /** The start of the next cycle (the position itself when it is whole). */
  ceil(): Fraction {
    return this.d === 1 ? this : int(Math.ceil(this.n / this.d));
  }

  /** The cycle number as a plain integer. */
  cycle(): number {
    return Math.floor(this.n / this.d);
  }

  /** The position within its cycle, in [0, 1). */
  cyclePos(): Fraction {
    return this.sub(this.floor());
  }

  neg(): Fraction {
    return new Fraction(-this.n, this.d);
  }

  valueOf(): number {
    return this.n / this.d;
  }

  toNumber(): number {
    return this.n / this.d;
  }

  /** "0", "1", "7/6", "-1/2". */
  toString(): string {
    return this.d === 1 ? String(this.n) : `${this.n}/${this.d}`;
  }
}

const SMALL: Fraction[] = [];
for (let i = 0; i <= 64; i++) SMALL.push(new Fraction(i, 1));

function int(n: number): Fraction {
  if (n >= 0 && n <= 64) return SMALL[n]!;
  checkSafe(n, 1);
  return new Fraction(n === 0 ? 0 : n, 1);
}

/** Reduce n/d (d ≠ 0) to lowest terms with a positive denominator. */
function make(n: number, d: number): Fraction {
  checkSafe(n, d);
  if (d === 1) return int(n);
  if (n === 0) return SMALL[0]!;
  const g = gcd(n, d);
  if (d < 0) return new Fraction(-n / g, -d / g);
  return g === 1 ? new Fraction(n, d) : new Fraction(n / g, d / g);
}

/**
 * A fraction from integers, from a decimal number as written (1.5 → 3/2, 0.3 → 3/10), or from a
 * string "7/6" or "0.25".
 * @example frac(2, 4).toString() // "1/2"
 */
export function frac(n: number | string | Fraction, d = 1): Fraction {
  if (n instanceof Fraction) return d === 1 ? n : n.div(frac(d));
  if (typeof n === "string") return parseFraction(n);
  if (d === 0) throw new RangeError("a fraction with denominator 0");
  if (Number.isInteger(n) && Number.isInteger(d)) return make(n, d);
  return fromDecimal(n).div(fromDecimal(d));
}

/**
 * A finite number as the fraction it stands for: a short decimal as written (0.1 is 1/10, not the
 * binary 3602879701896397/2^55), a long one (1/3 computed in floating point) as the simplest
 * fraction with a denominator up to 10^6 that it rounds to.
 */
function fromDecimal(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return make(x, 1);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  const digits = m?.[3] ?? "";
  if (m && digits.length <= 9 && !m[4]) return make(Number(m[1] + m[2]! + digits), 10 ** digits.length);
  return nearestSimple(x);
}

/** The continued-fraction convergent of x closest to it, denominator ≤ 10^6. */
function nearestSimple(x: number): Fraction {
  const [, h1, , k1] = convergents(x, 1e6);
  if (Math.abs(x - h1 / k1) > Math.abs(x) * 1e-9) throw new RangeError(`${x} is not a fraction with a denominator up to 10^6; write it as a fraction, e.g. "7/6"`);
  return make(h1, k1);
}

/**
 * The last two continued-fraction convergents of x with denominators up to `max`, as
 * [h0, h1, k0, k1] (h1/k1 the closer), stopping early where one equals x.
 */
function convergents(x: number, max: number): [number, number, number, number] {
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let y = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(y);
    const h2 = a * h1 + h0;
    const k2 = a * k1 + k0;
    if (k2 > max) break;
    [h0, h1, k0, k1] = [h1, h2, k1, k2];
    if (Math.abs(x - h1 / k1) <= Math.abs(x) * 1e-15 || y === a) break;
    y = 1 / (y - a);
  }
  return [h0, h1, k0, k1];
}

/** The largest denominator fracNear gives a number that is no fraction (a thousandth of a cycle). */
const NEAR_DENOMINATOR = 1000;

/**
 * A number that may come from a signal as pattern time: exactly the fraction it stands for where
 * there is one (as frac), else the closest fraction with a denominator up to 1000. A factor or a
 * shift read from a continuous signal (`fast(segment(4, rand), …)`) is a measurement,
 * not a written time; thrown out, it stopped the pattern at its first such value, as no live coder
 * expects. The small denominator keeps the times it makes in range.
 * @example fracNear(0.006166992476209998).toString() // "6/973"
 */
export function fracNear(x: number): Fraction {
  try {
    return frac(x);
  } catch (err) {
    if (!Number.isFinite(x)) throw err;
  }
  const [h0, h1, k0, k1] = convergents(x, NEAR_DENOMINATOR);
  // the semiconvergent with the largest denominator allowed may be closer than the last convergent
  const t = Math.floor((NEAR_DENOMINATOR - k0) / k1);
  const [hs, ks] = [t * h1 + h0, t * k1 + k0];
  if (t > 0 && Math.abs(x - hs / ks) < Math.abs(x - h1 / k1)) return make(hs, ks);
  return make(h1, k1);
}

function parseFraction(s: string): Fraction {
  const m = /^\s*(-?\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  if (m) return frac(Number(m[1]), Number(m[2]));
  const x = Number(s);
  if (s.trim() === "" || !Number.isFinite(x)) throw new RangeError(`not a fraction: "${s}"`);
  return fromDecimal(x);
}

export const ZERO = SMALL[0]!;
export const ONE = SMALL[1]!;
