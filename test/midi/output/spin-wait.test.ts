import { describe, expect, it } from "vitest";
import { LOADS_PER_CLOCK_READ, spinUntil } from "../../../src/midi/output/spin-wait.ts";

describe("spinUntil", () => {
  const cell = new Int32Array(new SharedArrayBuffer(4));

  it("returns once the clock reaches the time, reading it once per round of loads", () => {
    let t = 0;
    const clock = () => (t += 0.01); // each read advances the fake clock 10 µs
    expect(spinUntil(0.05, clock, cell)).toBe(5);
    expect(LOADS_PER_CLOCK_READ).toBeGreaterThan(0);
  });

  it("returns at once when the time has passed", () => {
    expect(spinUntil(5, () => 10, cell)).toBe(1);
  });
});
