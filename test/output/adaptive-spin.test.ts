import { describe, expect, it } from "vitest";
import { AdaptiveSpin } from "../../src/output/adaptive-spin.ts";

describe("AdaptiveSpin", () => {
  it("starts at the initial window", () => {
    expect(new AdaptiveSpin({ initialMs: 0.7 }).windowMs).toBe(0.7);
  });

  it("sizes the window from the quantile of lateness, minus the tolerance", () => {
    const w = new AdaptiveSpin({ quantile: 0.99, toleranceMs: 0.01, every: 100 });
    for (let i = 0; i < 100; i++) w.record(i < 99 ? 0.1 : 5); // one wake-up in a hundred is 5 ms late
    expect(w.latenessQuantile()).toBe(0.1);
    expect(w.windowMs).toBeCloseTo(0.09, 10);
    for (let i = 0; i < 3; i++) w.record(0.3); // now 4 of 200 are above 0.1 ms: the 0.99 quantile is 0.3
    for (let i = 0; i < 97; i++) w.record(0.1);
    expect(w.windowMs).toBeCloseTo(0.29, 10);
  });

  it("clamps the window", () => {
    const lo = new AdaptiveSpin({ minMs: 0.05, maxMs: 2, every: 10 });
    for (let i = 0; i < 10; i++) lo.record(0);
    expect(lo.windowMs).toBe(0.05);
    const hi = new AdaptiveSpin({ minMs: 0.05, maxMs: 2, every: 10 });
    for (let i = 0; i < 10; i++) hi.record(30);
    expect(hi.windowMs).toBe(2);
  });

  it("forgets old samples: the window shrinks when wake-ups become punctual", () => {
    const w = new AdaptiveSpin({ samples: 64, every: 8, toleranceMs: 0 });
    for (let i = 0; i < 64; i++) w.record(1.5);
    expect(w.windowMs).toBe(1.5);
    for (let i = 0; i < 64; i++) w.record(0.2);
    expect(w.windowMs).toBe(0.2);
    expect(w.latenessMax()).toBe(0.2);
  });

  it("keeps within its CPU budget: window × sends a second ≤ the budget", () => {
    const w = new AdaptiveSpin({ minMs: 0.4, maxMs: 2, every: 8, toleranceMs: 0, cpuBudget: 0.08 }); // 0.08: round numbers below
    for (let i = 0; i < 64; i++) w.record(1.5); // a noisy machine asks for 1.5 ms
    expect(w.windowMs).toBe(1.5); // no sends yet: no rate to budget against
    for (let t = 0; t <= 1000; t += 5) w.sent(t); // 200 sends a second
    expect(w.budgetMs).toBeCloseTo(0.4, 10);
    expect(w.windowMs).toBeCloseTo(0.4, 10); // 0.4 ms × 200/s = 8 % of a core
    for (let t = 1020; t <= 5000; t += 20) w.sent(t); // down to 50 a second
    expect(w.windowMs).toBeGreaterThan(1.4); // the budget allows 1.6 ms: the lateness decides
  });
});
