/**
 * Spans of time and the events (haps) a pattern answers with. A query asks for [begin, end) in
 * cycles; an event that the query cuts comes back as a fragment: its `whole` is the full event,
 * its `part` the piece inside the query. Only the fragment holding the onset starts a note.
 */
import { type Fraction, ONE } from "./fraction.ts";

/** A half-open span [begin, end) in cycles. */
export class Span {
  constructor(
    readonly begin: Fraction,
    readonly end: Fraction,
  ) {}

  /** The overlap with `o`, or undefined when there is none. */
  intersect(o: Span): Span | undefined {
    const b = this.begin.max(o.begin);
    const e = this.end.min(o.end);
    const c = b.compare(e);
    if (c > 0) return undefined;
    // A zero-width overlap counts only at a point the spans both hold: never at an exclusive end.
    if (c === 0 && ((b.eq(this.end) && this.begin.lt(this.end)) || (b.eq(o.end) && o.begin.lt(o.end)))) return undefined;
    return new Span(b, e);
  }

  /** Both ends mapped by t ↦ t·m + a (m > 0): how speed and shift move a span. */
  affine(m: Fraction, a: Fraction): Span {
    if (m === ONE || m.eq(ONE)) return new Span(this.begin.add(a), this.end.add(a));
    return new Span(this.begin.mul(m).add(a), this.end.mul(m).add(a));
  }

  /** Mirrored around `twiceMiddle / 2`: [b, e) becomes [twiceMiddle − e, twiceMiddle − b). */
  reflect(twiceMiddle: Fraction): Span {
    return new Span(twiceMiddle.sub(this.end), twiceMiddle.sub(this.begin));
  }

  equals(o: Span): boolean {
    return this.begin.eq(o.begin) && this.end.eq(o.end);
  }

  /** Whether the span lies within one cycle (it may end on the cycle's end). */
  inOneCycle(): boolean {
    const next = Math.floor(this.begin.n / this.begin.d) + 1;
    return this.end.n <= next * this.end.d;
  }

  /**
   * The span cut at cycle boundaries: [1/2, 5/2) → [1/2, 1), [1, 2), [2, 5/2). A zero-width
   * span stays one piece.
   */
  cycles(): Span[] {
    if (this.begin.eq(this.end)) return [this];
    const out: Span[] = [];
    let b = this.begin;
    while (b.lt(this.end)) {
      const next = b.floor().add(ONE);
      const e = next.min(this.end);
      out.push(new Span(b, e));
      b = e;
    }
    return out;
  }

  toString(): string {
    return `${this.begin}–${this.end}`;
  }
}

/** One event, or a fragment of one. `whole` is undefined for a continuous signal's sample. */
export interface Hap<T = unknown> {
  readonly whole: Span | undefined;
  readonly part: Span;
  readonly value: T;
}

export function hap<T>(whole: Span | undefined, part: Span, value: T): Hap<T> {
  return { whole, part, value };
}

/**
 * The events' spans mapped by t ↦ t·m + a. Queries return fresh arrays that the caller owns, so
 * the array is changed in place: one allocation less per layer of a pattern.
 */
export function affineHaps<T>(haps: Hap<T>[], m: Fraction, a: Fraction): Hap<T>[] {
  for (let i = 0; i < haps.length; i++) {
    const h = haps[i]!;
    haps[i] = { whole: h.whole && h.whole.affine(m, a), part: h.part.affine(m, a), value: h.value };
  }
  return haps;
}

/** Whether this fragment holds the event's start (continuous samples never do). */
export function hasOnset(h: Hap): boolean {
  return h.whole !== undefined && h.whole.begin.eq(h.part.begin);
}

/** The span a value is read over: the whole event, or the part of a continuous one. */
export function wholeOrPart(h: Hap): Span {
  return h.whole ?? h.part;
}
