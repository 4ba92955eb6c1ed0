import { describe, expect, it } from "vitest";
import { MIN_LOADS, Spinner } from "../../src/output/spin-wait.ts";

/** A machine where a load takes `nsPerLoad` and a clock read 50 ns. */
function machine(nsPerLoad: number) {
  let t = 0;
  const m = {
    clock: () => (t += 50e-6),
    idle: (loads: number) => {
      t += (loads * nsPerLoad) / 1e6;
    },
    get now() {
      return t;
    },
  };
  return m;
}

describe("Spinner", () => {
  const cell = new Int32Array(new SharedArrayBuffer(4));

  it("returns at or just after the time, reading the clock about fifteen times once it knows the machine", () => {
    const m = machine(20);
    const s = new Spinner(cell, m.idle);
    s.until(0.4, m.clock); // learns the load rate
    for (let i = 1; i <= 5; i++) {
      const until = m.now + 0.4;
      const end = s.until(until, m.clock);
      expect(end).toBeGreaterThanOrEqual(until);
      expect(end - until).toBeLessThan(0.004); // a few µs: the last stretch is MIN_LOADS long
      expect(s.lastReads).toBeLessThanOrEqual(16);
    }
    expect(s.rate).toBeGreaterThan(0.8 * 50_000); // 20 ns a load: 50 000 a ms
  });

  it("learns a slower machine at once: loads 1.8 times slower still end within a few µs", () => {
    let ns = 20;
    let t = 0;
    const clock = () => (t += 50e-6);
    const s = new Spinner(cell, (loads) => (t += (loads * ns) / 1e6));
    for (let i = 0; i < 5; i++) s.until(t + 0.4, clock);
    const fast = s.rate;
    ns = 36; // the core slowed down
    const until = t + 0.4;
    expect(s.until(until, clock) - until).toBeLessThan(0.01);
    expect(s.rate).toBeLessThan(0.7 * fast);
  });

  it("reports a stretch that lost the CPU, and spins on the time afterwards", () => {
    let t = 0;
    let lose = 0;
    const clock = () => (t += 50e-6);
    const s = new Spinner(cell, (loads) => {
      t += (loads * 20) / 1e6 + lose;
      lose = 0;
    });
    for (let i = 0; i < 5; i++) s.until(t + 0.4, clock);
    expect(s.lastOverrunMs).toBeLessThan(0.005);
    lose = 0.3; // the host takes the CPU for 0.3 ms during the first stretch
    s.until(t + 0.4, clock);
    expect(s.lastOverrunMs).toBeGreaterThan(0.29);
    const until = t + 0.4;
    expect(s.until(until, clock) - until).toBeLessThan(0.004);
  });

  it("returns at once when the time has passed", () => {
    const m = machine(20);
    const s = new Spinner(cell, m.idle);
    const end = s.until(-1, m.clock);
    expect(end).toBeGreaterThan(-1);
    expect(s.lastReads).toBe(1);
    expect(MIN_LOADS).toBeGreaterThan(0);
  });
});
