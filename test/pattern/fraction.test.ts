import { describe, expect, it } from "vitest";
import { frac, fracNear } from "../../src/pattern/fraction.ts";

describe("exact fractions", () => {
  it.each([
    [frac(2, 4), "1/2"],
    [frac(-2, 4), "-1/2"],
    [frac(2, -4), "-1/2"],
    [frac(0, 5), "0"],
    [frac(6, 3), "2"],
    [frac(1.5), "3/2"],
    [frac(0.3), "3/10"],
    [frac(-0.125), "-1/8"],
    [frac(1 / 3), "1/3"],
    [frac(7 / 6), "7/6"],
    [frac("7/6"), "7/6"],
    [frac("0.25"), "1/4"],
    [frac(1, 3).add(frac(1, 6)), "1/2"],
    [frac(1, 3).sub(frac(1, 2)), "-1/6"],
    [frac(2, 3).mul(frac(3, 4)), "1/2"],
    [frac(2, 3).div(frac(-4, 3)), "-1/2"],
    [frac(7, 6).floor(), "1"],
    [frac(-1, 6).floor(), "-1"],
    [frac(-1, 6).cyclePos(), "5/6"],
    [frac(7, 6).ceil(), "2"],
  ])("%s is %s", (f, s) => {
    expect(f.toString()).toBe(s);
  });

  it("compares exactly", () => {
    expect(frac(1, 3).compare(frac(2, 6))).toBe(0);
    expect(frac(1, 3).lt(frac(1, 2))).toBe(true);
    expect(frac(-1, 2).gt(frac(-2, 3))).toBe(true);
    expect(frac(5, 7).max(frac(2, 3)).toString()).toBe("5/7");
  });

  it("stays exact at cycle 100 000 with fine subdivisions", () => {
    const t = frac(100_000).add(frac(1, 7)).add(frac(1, 11)).sub(frac(100_000));
    expect(t.toString()).toBe("18/77");
  });

  it("refuses, rather than rounds, beyond the safe integers", () => {
    expect(() => frac(2 ** 52, 1).mul(frac(4, 1))).toThrow(RangeError);
    expect(() => frac(1, 1).div(frac(0, 1))).toThrow(RangeError);
  });
});

describe("fracNear: a number read from a signal as pattern time", () => {
  it("is the exact fraction wherever frac finds one", () => {
    for (const x of [0.25, 2.5, 1 / 3, 0.1234, Math.PI]) expect(fracNear(x).toString()).toBe(frac(x).toString());
  });

  it("is the closest fraction with a denominator up to 1000 where frac finds none", () => {
    const x = 0.006166992476209998;
    expect(() => frac(x)).toThrow(RangeError);
    const f = fracNear(x);
    expect(f.toString()).toBe("6/973");
    // no fraction with a denominator up to 1000 is closer
    for (let d = 1; d <= 1000; d++) expect(Math.abs(x - Math.round(x * d) / d)).toBeGreaterThanOrEqual(Math.abs(x - 6 / 973) - 1e-18);
  });

  it("still refuses what is no number", () => {
    expect(() => fracNear(Number.NaN)).toThrow(RangeError);
    expect(() => fracNear(Infinity)).toThrow(RangeError);
  });
});
