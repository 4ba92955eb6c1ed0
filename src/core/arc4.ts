/**
 * The draws of a seedrandom ARC4 stream, computed here from the state seedrandom keyed: the same
 * numbers, in the same order, for about two thirds of the time. The composer draws tens of
 * thousands per piece (every expressive step is a normal value from two uniform draws, each seven
 * steps of RC4), so this is on its hot path. seedrandom still does the keying (its mixing of the
 * seed string and the RC4-drop[256]), so a seed means what it always meant; a test compares the
 * two draw by draw.
 */

/** seedrandom's ARC4 state: the two indices and the 256-byte permutation. */
export interface Arc4State {
  i: number;
  j: number;
  S: number[];
}

/** 2^48, 2^52, 2^53: a draw starts from six bytes and is topped up to 52 significant bits. */
const START_DENOMINATOR = 2 ** 48;
const SIGNIFICANCE = 2 ** 52;
const OVERFLOW = 2 ** 53;

export class Arc4 {
  private readonly s: Uint8Array;
  private i: number;
  private j: number;

  constructor(state: Arc4State) {
    this.s = Uint8Array.from(state.S);
    this.i = state.i;
    this.j = state.j;
  }

  /** Uniform in [0, 1), as seedrandom's prng() answers it from the same state. */
  next(): number {
    let n = this.bytes(6);
    let d = START_DENOMINATOR;
    let x = 0;
    while (n < SIGNIFICANCE) {
      n = (n + x) * 256;
      d *= 256;
      x = this.bytes(1);
    }
    while (n >= OVERFLOW) {
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
  }

  /** The next `count` bytes of the RC4 stream, as one number (big-endian). */
  private bytes(count: number): number {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    let r = 0;
    for (let k = 0; k < count; k++) {
      i = (i + 1) & 255;
      const t = s[i]!;
      j = (j + t) & 255;
      const u = s[j]!;
      s[i] = u;
      s[j] = t;
      r = r * 256 + s[(u + t) & 255]!;
    }
    this.i = i;
    this.j = j;
    return r;
  }

  state(): Arc4State {
    return { i: this.i, j: this.j, S: Array.from(this.s) };
  }
}
