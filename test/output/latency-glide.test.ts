import { describe, expect, it } from "vitest";
import { LatencyGlide } from "../../src/output/latency-glide.ts";

describe("LatencyGlide", () => {
  it("holds, then glides from the moment of the change at the set rate", () => {
    const g = new LatencyGlide(20, 0.05);
    g.set(1000, 30);
    expect([g.at(0), g.at(999), g.at(1000), g.at(1100), g.at(1200), g.at(9000)]).toEqual([20, 20, 20, 25, 30, 30]);
    expect(g.target).toBe(30);
  });

  it("a change during a glide starts from where the glide is", () => {
    const g = new LatencyGlide(40, 0.1);
    g.set(0, 0); // would reach 0 at t = 400
    g.set(100, 40); // from 30 back up to 40
    expect(g.at(50)).toBe(35);
    expect(g.at(100)).toBe(30);
    expect(g.at(200)).toBe(40);
  });

  it("send times rise with stamps through any sequence of changes: no reordering, no jump", () => {
    const g = new LatencyGlide(50, 0.05);
    const changes: Array<[number, number]> = [[100, 0], [300, 200], [320, 5], [2000, 1000], [2100, 0]];
    for (const [t, ms] of changes) g.set(t, ms);
    const bad: string[] = [];
    let prev = g.due(0);
    for (let t = 0.5; t < 30_000; t += 0.5) {
      const due = g.due(t);
      // strictly later, and never more than 0.5 ms × (1 + rate) later: continuous, no jump
      if (!(due > prev) || due - prev > 0.5 * 1.05 + 1e-9) bad.push(`t=${t}: ${prev} → ${due}`);
      prev = due;
    }
    expect(bad).toEqual([]);
  });

  it("prune forgets only what no pending stamp needs", () => {
    const g = new LatencyGlide(10, 0.5);
    g.set(100, 20);
    g.set(200, 10);
    const before = [150, 210, 500].map((t) => g.at(t));
    g.prune(150);
    expect([150, 210, 500].map((t) => g.at(t))).toEqual(before);
    g.prune(10_000);
    expect(g.size).toBe(1);
    expect(g.at(10_000)).toBe(10);
  });

  it("refuses a latency out of range and a rate that could reorder", () => {
    expect(() => new LatencyGlide(-1)).toThrow("latency must be a number of ms from 0 to 1000, got -1");
    expect(() => new LatencyGlide(10).set(0, Number.NaN)).toThrow("got NaN");
    expect(() => new LatencyGlide(10, 1)).toThrow("glide rate must be between 0 and 1");
  });
});
