/**
 * What the journal can keep of a pattern typed in the REPL: its code, when the code plays it again.
 */
import { describe, expect, it } from "vitest";
import { PatternError } from "../../src/pattern/arguments.ts";
import { codeToKeep } from "../../src/pattern/kept-code.ts";
import { mini } from "../../src/pattern/mini.ts";
import type { Pattern } from "../../src/pattern/pattern.ts";
import { every, fast, ply, sometimesBy, stack } from "../../src/pattern/transform.ts";

const refusal = (p: Pattern<unknown>): string => {
  try {
    codeToKeep(p);
  } catch (err) {
    expect(err).toBeInstanceOf(PatternError);
    return (err as Error).message;
  }
  throw new Error("kept");
};

describe("a pattern kept as its code", () => {
  it("keeps the code of a pattern made with the functions, variables written as their values", () => {
    const times = 2;
    expect(codeToKeep(every(3, (p) => ply(times, p), "bd ~ sd ~"))).toBe('every(3, (p) => ply(2, p), "bd ~ sd ~")');
    expect(codeToKeep(sometimesBy(0.3, (p) => fast(2, p), "hh*8"))).toBe('sometimesBy(0.3, (p) => fast(2, p), "hh*8")');
  });

  it("refuses a pattern made in code, saying what is valid", () => {
    expect(refusal(fast(2, mini("bd sd").withValue((v) => v)))).toMatch(/^this pattern was made in code \(a Pattern method such as withValue, or new Pattern\), so the journal could not play it again; write it with the pattern functions/);
  });

  it("refuses code that cannot be read back: a function's pattern used outside it", () => {
    let inner: Pattern<unknown> | undefined;
    every(2, (p) => ((inner ??= p), p), "a"); // the first call writes the function: its pattern is a stand-in
    expect(refusal(stack("b", inner!))).toMatch(/^stack\("b", p\) cannot be played again from the journal: column 12: p is not a pattern function/);
  });

  it("refuses a function whose code is not what it does: one that counts its calls, one that draws", () => {
    let calls = 0;
    expect(refusal(every(1, (p) => fast(++calls, p), "bd"))).toMatch(/^every\(1, \(p\) => fast\(1, p\), "bd"\) plays differently from the pattern given \(cycle 0\): a function given to a pattern function must only transform the pattern it gets/);
    const draws = [true, false];
    expect(refusal(every(1, (p) => (draws.shift() ? fast(2, p) : p), "bd"))).toMatch(/plays differently/);
  });
});
