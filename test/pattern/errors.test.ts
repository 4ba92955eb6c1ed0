/** A mistake in a pattern names its column, what was expected and what was found. */
import { describe, expect, it } from "vitest";
import { mini } from "../../src/pattern/mini.ts";
import { MiniNotationError } from "../../src/pattern/tokens.ts";

const ERRORS: ReadonlyArray<[string, number, string]> = [
  ["bd [sd hh", 10, `expected "]" to close the "[" at column 4, found end of pattern`],
  ["a <b c", 7, `expected ">" to close the "<" at column 3, found end of pattern`],
  ["{a b", 5, `expected "}" to close the "{" at column 1, found end of pattern`],
  ["[a >", 4, `expected "]" to close the "[" at column 1, found ">"`],
  ["a ]", 3, `found "]" with no "[" to close`],
  ["a*", 3, `expected a number or a pattern of numbers after "*", found end of pattern`],
  ["a/x", 3, `expected a number or a pattern of numbers after "/", found "x"`],
  ["a*<2 x>", 6, `expected a number, found "x"`],
  ["a(3)", 2, `expected (pulses,steps) or (pulses,steps,rotation) after a step, as in "bd(3,8)"`],
  ["a(3,8", 6, `expected "," or ")" to close the "(" at column 2, found end of pattern`],
  ["a(3,8,1,2)", 8, `expected ")" to close the "(" at column 2, found ","`],
  ["a(x,8)", 3, `expected a number, found "x"`],
  ["_ a", 1, `expected a step before "_" (it lengthens the step before it)`],
  ["! a", 1, `expected a step before "!" (it repeats the step before it)`],
  [". a", 1, `expected a step before the foot separator "."`],
  ["a . ", 5, `expected a step after the foot separator ".", found end of pattern`],
  ["a?2", 3, `expected a probability from 0 to 1 after "?", found 2`],
  ["a $", 3, `unexpected character "$" (a step is a word, a number or ~; see docs/patterns.md)`],
  ["a, b | c", 6, `cannot mix "," and "|" in one bracket; put one of them inside [ ]`],
  ["a@", 3, `expected a positive number after "@" (the step's length), found end of pattern`],
  ["x .. 3", 3, `expected a whole number before "..", as in "0 .. 3"`],
  ["0 .. y", 6, `expected a whole number after "..", found "y"`],
  ["3bd", 1, `a word must start with a letter, found "3b"`],
  ["a!0", 3, `expected a whole number of at least 1 for a repeat count, found 0`],
  ["a *", 4, `expected a number or a pattern of numbers after "*", found end of pattern`],
  ["[a b] ,", 8, `expected a step after ",", found end of pattern`],
  ["[a | ]", 6, `expected a step after "|", found "]"`],
  ["a # b", 3, `unexpected character "#" (a step is a word, a number or ~; see docs/patterns.md)`],
];

describe("parse errors", () => {
  it.each(ERRORS)("%j: column %i", (source, column, reason) => {
    let caught: unknown;
    try {
      mini(source);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MiniNotationError);
    const err = caught as MiniNotationError;
    expect({ column: err.column, reason: err.reason }).toEqual({ column, reason });
    expect(err.message).toBe(`column ${column}: ${reason}`);
  });
});
