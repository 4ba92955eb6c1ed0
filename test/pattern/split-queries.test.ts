/**
 * A pattern answers the same whether a span is asked for whole or in pieces: the scheduler asks
 * in small windows that fall anywhere, so a window edge must never add, drop or change an event.
 */
import { describe, expect, it } from "vitest";
import { type Fraction, frac } from "../../src/pattern/fraction.ts";
import { hasOnset } from "../../src/pattern/hap.ts";
import { compareValues } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import { type Pattern, queryContext } from "../../src/pattern/pattern.ts";
import { rand, saw } from "../../src/pattern/signals.ts";
import { every, iter, off, palindrome, ply, range, rev, segment, sometimesBy } from "../../src/pattern/transform.ts";

const ctx = queryContext(7, "drums");

/** Onsets as "begin end value", from one query per piece between consecutive cut points. */
function inPieces(p: Pattern<unknown>, cuts: readonly Fraction[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    for (const h of p.events(cuts[i]!, cuts[i + 1]!, ctx)) if (hasOnset(h)) out.push(`${h.whole!.begin} ${h.whole!.end} ${h.value}`);
  }
  return out.sort((a, b) => compareValues(a, b));
}

/** Cuts at awkward places: thirds, sevenths, a tick's width, exactly on steps. */
function cuts(to: number): Fraction[] {
  const out = [frac(0)];
  const steps = [frac(1, 3), frac(2, 7), frac(1, 3840), frac(1, 8), frac(5, 11), frac(1, 2)];
  for (let i = 0; out.at(-1)!.lt(frac(to)); i++) out.push(out.at(-1)!.add(steps[i % steps.length]!).min(frac(to)));
  return out;
}

const PATTERNS: ReadonlyArray<[string, () => Pattern<unknown>]> = [
  ["a dense drum pattern", () => mini("bd*2 [~ sd] <hh oh>*3, hh*8?, cp(3,8,<0 2>)")],
  ["random choice and degrade", () => mini("[bd|sd|hh]*4 a?0.3 [b c]?")],
  ["slow events across cycles", () => mini("a/3 [b c]/2.5 d@3 e")],
  ["polymeter and alternation", () => mini("{a b c, d e}%<4 5> <x <y z>>")],
  ["transformations", () => every(3, rev, off(0.125, (p) => ply(2, p), iter(4, palindrome(mini("a b c d")))))],
  ["sometimesBy", () => sometimesBy(0.4, (p) => p.withValue(() => "z"), mini("a*8"))],
  ["segmented signals", () => range(0, 100, segment(7, saw))],
  ["segmented rand", () => segment(16, rand)],
];

describe("the same events however a span is split", () => {
  it.each(PATTERNS)("%s", (_, make) => {
    const p = make();
    const whole = inPieces(p, [frac(0), frac(6)]);
    expect(whole.length).toBeGreaterThan(0);
    expect(inPieces(p, cuts(6))).toEqual(whole);
    expect(inPieces(p, [0, 1, 2, 3, 4, 5, 6].map((c) => frac(c)))).toEqual(whole);
  });
});
