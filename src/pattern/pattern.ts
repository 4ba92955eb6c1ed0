/**
 * The pattern model: a pattern is a pure function from a span of cycles (and a context holding the
 * seed and the node's name, for keyed randomness) to the events in it. Nothing is stored, nothing
 * advances: a query for cycle 100 000 costs what a query for cycle 0 costs, and the same query
 * always answers the same.
 */
import { KeyedRandom, type KeyPart } from "../core/keyed-random.ts";
import { type Fraction, ONE, ZERO, frac } from "./fraction.ts";
import { affineHaps, type Hap, hap, Span, wholeOrPart } from "./hap.ts";

/** What a query knows besides the span: whose random draws these are. */
export interface QueryContext {
  readonly seed: KeyPart;
  readonly node: string;
  /** The node's keyed draws (built once per context). */
  readonly random: KeyedRandom;
}

/** A context for `seed` and `node` (defaults: seed 0, node "pattern"). */
export function queryContext(seed: KeyPart = 0, node = "pattern"): QueryContext {
  return { seed, node, random: new KeyedRandom(seed, node) };
}

const DEFAULT_CONTEXT = queryContext();

/** A query's answer is a fresh array: the caller may change it. */
export type Query<T> = (span: Span, ctx: QueryContext) => Hap<T>[];

/**
 * How a pattern was written with the pattern functions, in one canonical form:
 * `every(2, rev, "bd sd hh")`. `.show` prints it, the journal keeps it and replay reads it back
 * (code.ts). A pattern made any other way (a method below, `new Pattern`) has none.
 */
export interface PatternText {
  readonly code: string;
  /** The mini-notation in it whose values it plays as written (not the amounts): checked against a node's reading. */
  readonly notation: readonly string[];
}

export class Pattern<T = unknown> {
  /**
   * `constant` is set by `pure`: a transformation given a plain number (`fast(2, …)`) uses it
   * directly instead of joining over a pattern of one value.
   */
  constructor(
    readonly query: Query<T>,
    readonly constant?: { readonly value: T },
    readonly text?: PatternText,
  ) {}

  /** The same pattern, saying how it was written. */
  withText(text: PatternText): Pattern<T> {
    return new Pattern(this.query, this.constant, text);
  }

  /** As JSON (a param's value in a listing, `set(…)`'s answer): its code; none for a pattern made in code. */
  toJSON(): string | undefined {
    return this.text?.code;
  }

  /** As it was written: `every(2, rev, "bd sd hh")`. */
  toString(): string {
    return this.text?.code ?? "[a pattern made in code]";
  }

  /** The REPL prints a pattern as it was written. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** The events overlapping [begin, end) (numbers are read as written: 0.25 is 1/4). */
  events(begin: Fraction | number, end: Fraction | number, ctx: QueryContext = DEFAULT_CONTEXT): Hap<T>[] {
    return this.query(new Span(frac(begin), frac(end)), ctx);
  }

  /** Every value mapped by `f`; the timing stays. */
  withValue<U>(f: (v: T) => U): Pattern<U> {
    return new Pattern((span, ctx) => this.query(span, ctx).map((h) => hap(h.whole, h.part, f(h.value))));
  }

  /** Only the events for which `keep` holds. */
  filter(keep: (h: Hap<T>, ctx: QueryContext) => boolean): Pattern<T> {
    return new Pattern((span, ctx) => this.query(span, ctx).filter((h) => keep(h, ctx)));
  }

  /** Queried one cycle at a time, for transformations that decide per cycle. */
  splitCycles(): Pattern<T> {
    return new Pattern((span, ctx) => {
      if (span.inOneCycle()) return this.query(span, ctx);
      return span.cycles().flatMap((piece) => this.query(piece, ctx));
    });
  }

  /**
   * Time transformed by t ↦ t·m + a (m > 0): the query span goes in through it, the events come
   * back through its inverse. Speed (a = 0) and shift (m = 1) are both this.
   */
  withTime(m: Fraction, a: Fraction): Pattern<T> {
    const back = ONE.div(m);
    const backShift = a.neg().div(m);
    return new Pattern((span, ctx) => affineHaps(this.query(span.affine(m, a), ctx), back, backShift));
  }
}

/** Nothing, ever. */
export const silence: Pattern<never> = new Pattern(() => []);

/** One event per cycle, filling it. */
export function pure<T>(value: T): Pattern<T> {
  return new Pattern<T>((span) => {
    // The common case, a query within one cycle, without building the list of pieces.
    if (span.inOneCycle()) {
      const c = span.begin.floor();
      return [hap(new Span(c, c.add(ONE)), span, value)];
    }
    return span.cycles().map((piece) => {
      const b = piece.begin.floor();
      return hap(new Span(b, b.add(ONE)), piece, value);
    });
  }, { value });
}

/** A continuous signal: a value at every moment, read at the start of the span asked for. */
export function signal<T>(at: (t: Fraction, ctx: QueryContext) => T): Pattern<T> {
  return new Pattern((span, ctx) => [hap(undefined, span, at(span.begin, ctx))]);
}

/** All the patterns at once. */
export function stack<T>(...pats: Pattern<T>[]): Pattern<T> {
  if (pats.length === 1) return pats[0]!;
  return new Pattern((span, ctx) => {
    const out: Hap<T>[] = [];
    for (const p of pats) for (const h of p.query(span, ctx)) out.push(h);
    return out;
  });
}

/**
 * One pattern per cycle, in turn (Tidal's `cat`, the notation's `<a b c>`). Each pattern keeps its
 * own count of cycles: in `<a <b c>>` the inner pattern plays b on its first turn and c on its
 * second, not whatever its cycle 1 and 3 would be.
 */
export function slowcat<T>(pats: Pattern<T>[]): Pattern<T> {
  if (pats.length === 0) return silence;
  if (pats.length === 1) return pats[0]!;
  const n = pats.length;
  return new Pattern<T>((span, ctx) => {
    const cycle = span.begin.cycle();
    const i = ((cycle % n) + n) % n;
    // Cycle `cycle` of the whole is cycle floor(cycle / n) of pattern i.
    const offset = frac(cycle - Math.floor(cycle / n));
    if (offset.n === 0) return pats[i]!.query(span, ctx);
    return affineHaps(pats[i]!.query(span.affine(ONE, offset.neg()), ctx), ONE, offset);
  }).splitCycles();
}

/**
 * The pattern's cycle squeezed into [b, e) of every cycle (0 ≤ b < e ≤ 1): the building block of
 * sequences. Cycle c of the result plays cycle c of the pattern.
 */
export function compress<T>(b: Fraction, e: Fraction, pat: Pattern<T>): Pattern<T> {
  const width = e.sub(b);
  const stretch = ONE.div(width);
  return new Pattern<T>((span, ctx) => {
    const c = span.begin.floor();
    const window = new Span(c.add(b), c.add(e)).intersect(span);
    if (!window) return [];
    // Outer time t ↔ inner time c + (t − c − b) / width, i.e. t/width + (c − (c + b)/width).
    const cb = c.add(b);
    const inner = window.affine(stretch, c.sub(cb.mul(stretch)));
    return affineHaps(pat.query(inner, ctx), width, cb.sub(c.mul(width)));
  }).splitCycles();
}

/** Steps with weights, one cycle between them: [a@3 b] is a for 3/4, b for 1/4. */
export function timecat<T>(steps: ReadonlyArray<readonly [Fraction, Pattern<T>]>): Pattern<T> {
  if (steps.length === 1) return steps[0]![1];
  const total = steps.reduce((s, [w]) => s.add(w), ZERO);
  const slots: Slot<T>[] = [];
  let at = ZERO;
  for (const [w, p] of steps) {
    const next = at.add(w);
    if (w.n > 0 && p !== silence) {
      const b = at.div(total);
      const width = w.div(total);
      slots.push({ b, e: next.div(total), width, stretch: ONE.div(width), pat: p });
    }
    at = next;
  }
  // One query walks the steps and asks only those the span overlaps (a compress per step would
  // build and intersect a span for every step, overlapping or not).
  return new Pattern<T>((span, ctx) => {
    const out: Hap<T>[] = [];
    const c = span.begin.floor();
    const rb = span.begin.sub(c);
    const re = span.end.sub(c);
    const point = rb.eq(re);
    for (const s of slots) {
      if (s.e.lte(rb) || (point ? s.b.gt(rb) : s.b.gte(re))) continue;
      const cb = c.add(s.b);
      const window = new Span(rb.max(s.b).add(c), re.min(s.e).add(c));
      // Outer time t ↔ inner time c + (t − c − b) / width.
      const inner = window.affine(s.stretch, c.sub(cb.mul(s.stretch)));
      const haps = affineHaps(s.pat.query(inner, ctx), s.width, cb.sub(c.mul(s.width)));
      for (const h of haps) out.push(h);
    }
    return out;
  }).splitCycles();
}

interface Slot<T> {
  readonly b: Fraction;
  readonly e: Fraction;
  readonly width: Fraction;
  readonly stretch: Fraction;
  readonly pat: Pattern<T>;
}

/** Equal steps in one cycle (Tidal's `fastcat`, the notation's `a b c`). */
export function fastcat<T>(pats: Pattern<T>[]): Pattern<T> {
  return timecat(pats.map((p) => [ONE, p] as const));
}

/**
 * A pattern of patterns flattened, the timing taken from the inner patterns (Tidal's
 * `innerJoin`): how patterned arguments work, e.g. `a*<2 3>` is fast 2 in one cycle, fast 3 in the next.
 */
export function innerJoin<T>(pp: Pattern<Pattern<T>>): Pattern<T> {
  return new Pattern((span, ctx) => {
    const out: Hap<T>[] = [];
    for (const outer of pp.query(span, ctx)) {
      for (const inner of outer.value.query(outer.part, ctx)) out.push(inner);
    }
    return out;
  });
}

/**
 * Values of `right` sampled into the structure of `left` (Tidal's `<*`): each event of `left`
 * keeps its whole and is cut to where `right` has a value, combined by `f`.
 */
export function appLeft<A, B, C>(left: Pattern<A>, right: Pattern<B>, f: (a: A, b: B) => C): Pattern<C> {
  return new Pattern((span, ctx) => {
    const out: Hap<C>[] = [];
    for (const l of left.query(span, ctx)) {
      for (const r of right.query(wholeOrPart(l), ctx)) {
        const part = l.part.intersect(r.part);
        if (part) out.push(hap(l.whole, part, f(l.value, r.value)));
      }
    }
    return out;
  });
}


/**
 * `make(value)` for a constant argument, else `make` joined over the argument's pattern (its
 * timing inside): `fast("<1 2>", p)` is fast 1 in one cycle, fast 2 in the next.
 */
export function patterned<A, T>(arg: Pattern<A>, make: (a: A) => Pattern<T>): Pattern<T> {
  if (arg.constant) return make(arg.constant.value);
  // The patterns made for each value are kept (a few: "<2 3>" has two), so a query does not
  // rebuild a Euclidean rhythm or a sequence every time.
  const made = new Map<A, Pattern<T>>();
  const remembered = (a: A): Pattern<T> => {
    let p = made.get(a);
    if (!p) {
      if (made.size >= 64) made.clear(); // a signal as the argument: values without end
      p = make(a);
      made.set(a, p);
    }
    return p;
  };
  return innerJoin(arg.withValue(remembered));
}
