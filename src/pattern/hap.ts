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

  /** Both ends mapped by `f` (a time transformation). */
  map(f: (t: Fraction) => Fraction): Span {
    return new Span(f(this.begin), f(this.end));
  }

  equals(o: Span): boolean {
    return this.begin.eq(o.begin) && this.end.eq(o.end);
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

/** Whether this fragment holds the event's start (continuous samples never do). */
export function hasOnset(h: Hap): boolean {
  return h.whole !== undefined && h.whole.begin.eq(h.part.begin);
}

/** The span a value is read over: the whole event, or the part of a continuous one. */
export function wholeOrPart(h: Hap): Span {
  return h.whole ?? h.part;
}
