import { describe, expect, it } from "vitest";
import { orderBurst } from "../../src/output/burst.ts";

describe("orderBurst", () => {
  it("plays a chord lowest note first", () => {
    expect(orderBurst([[0x90, 67, 90], [0x90, 60, 90], [0x90, 64, 90]])).toEqual([[0x90, 60, 90], [0x90, 64, 90], [0x90, 67, 90]]);
  });

  it("releases before it strikes, with controls and programs between", () => {
    const burst = [[0x90, 62, 80], [0xc0, 5], [0x80, 60, 0], [0xb0, 64, 127], [0x90, 55, 0]];
    expect(orderBurst(burst)).toEqual([[0x80, 60, 0], [0x90, 55, 0], [0xc0, 5], [0xb0, 64, 127], [0x90, 62, 80]]);
  });

  it("keeps the given order among equals (same pitch on two channels)", () => {
    expect(orderBurst([[0x91, 60, 1], [0x90, 60, 2]])).toEqual([[0x91, 60, 1], [0x90, 60, 2]]);
  });

  it("does not change its input", () => {
    const input = [[0x90, 64, 1], [0x90, 60, 1]];
    orderBurst(input);
    expect(input).toEqual([[0x90, 64, 1], [0x90, 60, 1]]);
  });
});
