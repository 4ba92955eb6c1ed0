import { describe, expect, it } from "vitest";
import { bjorklund, EuclideanPattern, formatRhythm, rotate } from "../../src/index.ts";

// The Euclidean rhythms listed in Toussaint, "The Euclidean Algorithm Generates Traditional
// Musical Rhythms" (BRIDGES 2005), as E(pulses, steps) with the pattern the algorithm produces.
const TOUSSAINT: ReadonlyArray<[number, number, string]> = [
  [1, 2, "x."],
  [1, 3, "x.."],
  [1, 4, "x..."],
  [4, 12, "x..x..x..x.."],
  [2, 3, "x.x"],
  [2, 5, "x.x.."],
  [3, 4, "x.xx"],
  [3, 5, "x.x.x"],
  [3, 7, "x.x.x.."],
  [3, 8, "x..x..x."],
  [4, 7, "x.x.x.x"],
  [4, 9, "x.x.x.x.."],
  [4, 11, "x..x..x..x."],
  [5, 6, "x.xxxx"],
  [5, 7, "x.xx.xx"],
  [5, 8, "x.xx.xx."],
  [5, 9, "x.x.x.x.x"],
  [5, 11, "x.x.x.x.x.."],
  [5, 12, "x..x.x..x.x."],
  [5, 13, "x..x.x..x.x.."],
  [5, 16, "x..x..x..x..x..."],
  [7, 8, "x.xxxxxx"],
  [7, 12, "x.xx.x.xx.x."],
  [7, 16, "x..x.x.x..x.x.x."],
  [9, 16, "x.xx.x.x.xx.x.x."],
  [11, 24, "x..x.x.x.x.x..x.x.x.x.x."],
  [13, 24, "x.xx.x.x.x.x.xx.x.x.x.x."],
];

describe("Bjorklund / Toussaint", () => {
  it.each(TOUSSAINT)("E(%i,%i) = %s", (k, n, expected) => {
    expect(formatRhythm(bjorklund(k, n))).toBe(expected);
  });

  it("puts exactly k hits in n steps, starting with a hit, as evenly as possible", () => {
    for (let n = 1; n <= 32; n++) {
      for (let k = 0; k <= n; k++) {
        const hits = bjorklund(k, n);
        expect(hits).toHaveLength(n);
        expect(hits.filter(Boolean)).toHaveLength(k);
        if (k > 0) expect(hits[0]).toBe(true);
        if (k === 0) continue;
        // Maximally even: the gaps between consecutive hits (cyclically) differ by at most one.
        const at = hits.flatMap((h, i) => (h ? [i] : []));
        const gaps = at.map((p, i) => ((at[(i + 1) % k]! - p + n - 1) % n) + 1);
        expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("rotates left by the rotation (negative: right)", () => {
    expect(formatRhythm(rotate(bjorklund(3, 8), 1))).toBe("..x..x.x");
    expect(formatRhythm(rotate(bjorklund(3, 8), -1))).toBe(".x..x..x");
    expect(new EuclideanPattern({ steps: 8, pulses: 3, rotation: 3 }).toString()).toBe("x..x.x..");
    expect(new EuclideanPattern({ steps: 8, pulses: 3, rotation: 11 }).toString()).toBe("x..x.x..");
  });

  it("refuses impossible patterns, saying what is valid", () => {
    expect(() => bjorklund(9, 8)).toThrow("pulses must be an integer from 0 to steps (8), got 9");
    expect(() => bjorklund(1, 0)).toThrow("steps must be an integer from 1 to 1024, got 0");
    expect(() => new EuclideanPattern({ steps: 8, pulses: 3, rotation: 1.5 })).toThrow(/rotation must be an integer/);
  });
});
