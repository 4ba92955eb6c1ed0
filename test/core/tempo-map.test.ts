import { describe, expect, it } from "vitest";
import { TempoMap } from "../../src/core/tempo-map.ts";
import { PPQ, ticks } from "../../src/core/time.ts";

describe("TempoMap", () => {
  it("converts ticks to seconds at a constant tempo", () => {
    const m = new TempoMap(120);
    expect(m.toSeconds(PPQ)).toBe(0.5);
    expect(m.toSeconds(4 * PPQ)).toBe(2);
    expect(m.toTicks(2)).toBe(4 * PPQ);
  });

  it("keeps seconds continuous across a tempo change and uses the new tempo after it", () => {
    const m = new TempoMap(120);
    m.setTempo(ticks(4 * PPQ), 60); // bar 2 at half speed
    expect(m.toSeconds(4 * PPQ)).toBe(2);
    expect(m.toSeconds(5 * PPQ)).toBe(3);
    expect(m.toTicks(3)).toBe(5 * PPQ);
    expect(m.bpmAt(4 * PPQ - 1)).toBe(120);
    expect(m.bpmAt(4 * PPQ)).toBe(60);
  });

  it("rewrites the future: a change discards later changes", () => {
    const m = new TempoMap(120);
    m.setTempo(ticks(8 * PPQ), 90);
    m.setTempo(ticks(4 * PPQ), 100);
    expect(m.changes.map((c) => [c.tick, c.bpm])).toEqual([
      [0, 120],
      [4 * PPQ, 100],
    ]);
  });

  it("refuses a bpm that is not a sensible tempo", () => {
    expect(() => new TempoMap(0)).toThrow(/bpm must be a number from 1 to 999, got 0/);
    expect(() => new TempoMap(Number.NaN)).toThrow(/bpm/);
    expect(() => new TempoMap(120).setTempo(ticks(0), 5000)).toThrow(/got 5000/);
  });

  it("round-trips seconds and ticks across several changes", () => {
    const m = new TempoMap(97);
    m.setTempo(ticks(1000), 131);
    m.setTempo(ticks(5000), 64.5);
    for (const t of [0, 999, 1000, 3333, 5000, 123456]) expect(m.toTicks(m.toSeconds(t))).toBeCloseTo(t, 6);
  });
});
