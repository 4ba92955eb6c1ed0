import { describe, expect, it } from "vitest";
import { KeyedRandom, keyHash, keyedUniform } from "../../src/core/keyed-random.ts";

describe("keyed randomness", () => {
  it("is a pure function of the key", () => {
    expect(keyedUniform(7, "drums", 12, 3)).toBe(keyedUniform(7, "drums", 12, 3));
    const r = new KeyedRandom(7, "drums");
    const first = [0, 1, 2, 3].map((i) => r.at(100, i));
    // Drawing elsewhere in between changes nothing: there is no stream position.
    for (let i = 0; i < 50; i++) r.at(5, i);
    expect([0, 1, 2, 3].map((i) => r.at(100, i))).toEqual(first);
    expect(new KeyedRandom(7, "drums").at(100, 2)).toBe(first[2]);
  });

  it("tells apart keys that differ in any part, order or split", () => {
    const keys: Array<Array<string | number>> = [
      [1, "a", 0], [1, "a", 1], [2, "a", 0], [1, "b", 0], [1, "ab"], [1, "a", "b"], ["a", 1],
      [1, "a", 0.5], [1, "a", -1], [1, "a", 1e12], [1, "a", 0, 0],
    ];
    const hashes = new Set(keys.map((k) => keyHash(k)));
    expect(hashes.size).toBe(keys.length);
  });

  it("is uniform: deciles of 100 000 draws within 3 σ, and neighbouring positions uncorrelated", () => {
    const r = new KeyedRandom("seed", "node");
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sumXY = 0;
    let prev = r.at(0);
    for (let i = 0; i < n; i++) {
      const x = r.at(i);
      bins[Math.floor(x * 10)]!++;
      if (i > 0) sumXY += (x - 0.5) * (prev - 0.5);
      prev = x;
    }
    const sigma = Math.sqrt(n * 0.1 * 0.9);
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(3 * sigma);
    // Correlation of x[i] and x[i-1]: its standard error is about 1/√n.
    const corr = sumXY / (n - 1) / (1 / 12);
    expect(Math.abs(corr)).toBeLessThan(3 / Math.sqrt(n));
  });

  it("chance, choice and int draw from the same position", () => {
    const r = new KeyedRandom(3, "arp");
    expect(r.chance(1, 9)).toBe(true);
    expect(r.chance(0, 9)).toBe(false);
    expect(r.chance(0.5, 9)).toBe(r.at(9) < 0.5);
    expect(r.choice(["a", "b", "c", "d"], 9)).toBe(["a", "b", "c", "d"][Math.floor(r.at(9) * 4)]);
    for (let i = 0; i < 200; i++) {
      const v = r.int(-2, 2, i);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(2);
    }
    expect(() => r.choice([], 0)).toThrow(/at least one/);
  });
});
