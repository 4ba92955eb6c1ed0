/**
 * A pattern function given something it cannot use refuses it when called, naming the function,
 * the argument and what it takes (before anything can play it).
 */
import { describe, expect, it } from "vitest";
import { PatternError } from "../../src/pattern/arguments.ts";
import { degradeBy, euclid, every, fast, range, rev, stack, struct } from "../../src/pattern/transform.ts";

const refusal = (make: () => unknown): string => {
  try {
    make();
  } catch (err) {
    expect(err).toBeInstanceOf(PatternError);
    return (err as Error).message;
  }
  throw new Error("accepted");
};

describe("pattern functions refuse a wrong argument", () => {
  it.each([
    ["a word for an amount", () => fast("x" as never, "bd sd"), 'fast: the factor: column 1: "x" is not a number: the factor is a number or a pattern of numbers ("<1 2>")\n  x\n  ^'],
    ["a word among numbers", () => euclid("<3 five>", 8, "bd"), 'euclid: the pulses: column 4: "five" is not a number: the pulses is a number or a pattern of numbers ("<1 2>")\n  <3 five>\n     ^'],
    ["a function for an amount", () => fast(rev as never, "bd"), 'fast: the factor must be a number or a pattern of numbers ("<1 2>"), got a function (rev)'],
    ["a bad mini-notation string inside", () => fast(2, "bd [sd"), 'fast: the pattern: column 7: expected "]" to close the "[" at column 4, found end of pattern\n  bd [sd\n        ^'],
    ["nothing for a pattern", () => rev(undefined as never), 'rev: the pattern must be mini-notation ("bd sd") or a pattern, got nothing'],
    ["an object among patterns", () => stack("a", {} as never), 'stack: pattern 2 must be mini-notation ("bd sd") or a pattern, got an object'],
    ["a string for a change", () => every(2, "rev" as never, "bd"), 'every: the change must be a function of a pattern (rev, or (p) => fast(2, p)), got "rev"'],
    ["a change that returns nothing", () => every(2, (() => undefined) as never, "bd"), 'every: the change\'s result must be mini-notation ("bd sd") or a pattern, got nothing'],
    ["a probability past 1", () => degradeBy(2, "hh*8"), "degradeBy: the probability must be a number from 0 to 1, got 2"],
    ["a bad rhythm", () => struct("t [~", "c"), 'struct: the rhythm: column 5: expected "]" to close the "[" at column 3, found end of pattern\n  t [~\n      ^'],
    ["a word to scale", () => range(0, 1, "a b"), 'range: the signal: column 1: "a" is not a number: the signal is a number or a pattern of numbers ("<1 2>")\n  a b\n  ^'],
  ])("%s", (_, make, message) => {
    expect(refusal(make)).toBe(message);
  });

  it("an error inside a change comes out of the function that calls it", () => {
    expect(refusal(() => every(2, (p) => fast("fast", p), "bd"))).toMatch(/^fast: the factor: column 1: "fast" is not a number/);
  });
});
