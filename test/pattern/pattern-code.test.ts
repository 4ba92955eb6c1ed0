/**
 * How the pattern functions write what they make (the code `.show` prints and the journal keeps),
 * and that code read back (code.ts): the same code, the same events.
 */
import { describe, expect, it } from "vitest";
import { PatternError } from "../../src/pattern/arguments.ts";
import { patternOfCode } from "../../src/pattern/code.ts";
import { listEvents } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import { type Pattern, queryContext } from "../../src/pattern/pattern.ts";
import { rand, saw, sine } from "../../src/pattern/signals.ts";
import {
  cat, choose, degradeBy, early, euclid, every, fast, iter, late, mask, off, palindrome, ply, range, rev, segment, seq, slow, sometimesBy,
  stack, struct,
} from "../../src/pattern/transform.ts";

const n = 3;
const CASES: ReadonlyArray<[() => Pattern<unknown>, string]> = [
  [() => mini("bd*2 [~ sd]"), '"bd*2 [~ sd]"'],
  [() => fast(2, "bd sd"), 'fast(2, "bd sd")'],
  [() => fast("<1 2>", "c e g"), 'fast("<1 2>", "c e g")'],
  [() => slow(1.5, "a b c"), 'slow(1.5, "a b c")'],
  [() => early(0.25, "a b"), 'early(0.25, "a b")'],
  [() => late(-0.125, "a b"), 'late(-0.125, "a b")'],
  [() => rev("a b c"), 'rev("a b c")'],
  // A function that only applies one of the functions is written as its name.
  [() => every(2, rev, "bd sd hh"), 'every(2, rev, "bd sd hh")'],
  [() => every(2, (p) => rev(p), "bd sd hh"), 'every(2, rev, "bd sd hh")'],
  [() => every(3, (p) => ply(2, p), "bd ~ sd ~"), 'every(3, (p) => ply(2, p), "bd ~ sd ~")'],
  // A variable the function reads is written as its value; a result in mini-notation stays so.
  [() => every(n, (p) => fast(n, p), "a"), 'every(3, (p) => fast(3, p), "a")'],
  [() => every(2, () => "cp*2", "a"), 'every(2, (p) => "cp*2", "a")'],
  // Nested functions name their patterns apart, so the inner one can use the outer one's.
  [() => every(2, (p) => off(0.25, (q) => stack(q, p), p), "a"), 'every(2, (p) => off(0.25, (p2) => stack(p2, p), p), "a")'],
  [() => iter(4, "a b c d"), 'iter(4, "a b c d")'],
  [() => palindrome("a b c"), 'palindrome("a b c")'],
  [() => off(0.125, (p) => fast(2, p), "a ~"), 'off(0.125, (p) => fast(2, p), "a ~")'],
  [() => stack("a", fast(2, "b")), 'stack("a", fast(2, "b"))'],
  [() => cat("a", "<b c>"), 'cat("a", "<b c>")'],
  [() => seq("a", "b c"), 'seq("a", "b c")'],
  [() => choose("fills", "a", "b*2"), 'choose("fills", "a", "b*2")'],
  [() => struct("t ~ t t", "<c e>"), 'struct("t ~ t t", "<c e>")'],
  [() => mask("1 0", "a*4"), 'mask("1 0", "a*4")'],
  [() => euclid(3, 8, "bd"), 'euclid(3, 8, "bd")'],
  [() => euclid("<3 5>", 8, "bd", 2), 'euclid("<3 5>", 8, "bd", 2)'],
  // The default key of a random term is not written; another one is.
  [() => degradeBy(0.3, "hh*8"), 'degradeBy(0.3, "hh*8")'],
  [() => degradeBy(0.3, "hh*8", "hats"), 'degradeBy(0.3, "hh*8", "hats")'],
  [() => sometimesBy(0.5, (p) => ply(2, p), "hh*4"), 'sometimesBy(0.5, (p) => ply(2, p), "hh*4")'],
  [() => range(40, 80, segment(4, saw)), "range(40, 80, segment(4, saw))"],
  [() => range("<0.5 0.8>", 1, segment(8, sine)), 'range("<0.5 0.8>", 1, segment(8, sine))'],
  [() => segment(16, rand), "segment(16, rand)"],
];

/** The events of four cycles, chance included. */
const played = (p: Pattern<unknown>) => listEvents(p, 0, 4, queryContext(7, "drums"));

describe("the code of a pattern", () => {
  it.each(CASES.map(([make, code]) => [code, make] as const))("%s", (code, make) => {
    const p = make();
    expect(p.text?.code).toBe(code);
    const again = patternOfCode(code);
    expect(again.text?.code).toBe(code);
    expect(played(again)).toEqual(played(p));
  });

  it("lists the mini-notation whose values play as written: not amounts, rhythms or what range scales", () => {
    expect(every(2, (p) => stack(p, "cp"), struct("t ~ t", "bd sd")).text?.notation).toEqual(["cp", "bd sd"]);
    expect(fast("<1 2>", euclid(3, 8, "bd", "<0 2>")).text?.notation).toEqual(["bd"]);
    expect(range(40, 80, "0 0.5").text?.notation).toEqual([]);
  });

  it("has none for a pattern made in code, or with a part made in code", () => {
    const inCode = mini("a").withValue((v) => `${v}!`);
    expect(inCode.text).toBeUndefined();
    expect(fast(2, inCode).text).toBeUndefined();
    expect(every(2, (p) => p.withValue(() => "b"), "a").text).toBeUndefined();
    // … and it still plays.
    expect(listEvents(fast(2, inCode), 0, 1).map((e) => e.value)).toEqual(["a!", "a!"]);
  });

  it("prints as its code in the REPL, and as its code in JSON", async () => {
    const { inspect } = await import("node:util");
    expect(inspect(every(2, rev, "bd sd"))).toBe('every(2, rev, "bd sd")');
    expect(JSON.stringify({ v: fast(2, "a") })).toBe('{"v":"fast(2, \\"a\\")"}');
  });
});

describe("reading code back", () => {
  const refused = (code: string) => {
    try {
      patternOfCode(code);
    } catch (err) {
      expect(err).toBeInstanceOf(PatternError);
      return (err as Error).message;
    }
    throw new Error(`${code} was read`);
  };

  it.each([
    ['evry(2, rev, "a")', 'column 1: evry is not a pattern function; did you mean "every"?'],
    ['fast(2, "a"', 'column 12: expected "," or ")", found the end'],
    ['fast(2, x)', "column 9: x is not a pattern function"],
    ['fast(2, p)', "column 9: p is not a pattern function"],
    ["saw(2)", "column 1: saw is not a function (it is a pattern: write it without brackets)"],
    ['fast(2, "a"); process.exit()', 'column 13: unexpected ";"'],
    ["rev", "column 1: this is not a pattern: it is a function"],
    ["2", "column 1: this is not a pattern: it is 2"],
  ])("%s is refused: %s", (code, message) => {
    expect(refused(code).split("\n")[0]).toContain(message);
  });

  it("draws a caret under the column", () => {
    expect(refused('fast(2, "a" "b")')).toBe('column 13: expected "," or ")", found ""b""\n  fast(2, "a" "b")\n              ^');
  });

  it("reads a string alone as mini-notation, and a pattern function's own refusal comes through", () => {
    expect(listEvents(patternOfCode('"a b"'), 0, 1).map((e) => e.value)).toEqual(["a", "b"]);
    expect(patternOfCode('slow(25e-1, "a")').text?.code).toBe('slow(2.5, "a")');
    expect(refused('fast("x", "a")')).toMatch(/^fast: the factor: column 1: "x" is not a number/);
  });
});
