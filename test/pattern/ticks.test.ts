import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/core/time.ts";
import { frac } from "../../src/pattern/fraction.ts";
import { listEvents, onsets } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import { TICKS_PER_CYCLE, tickOf } from "../../src/pattern/ticks.ts";

describe("cycles to ticks", () => {
  it("a cycle is one 4/4 bar by default", () => {
    expect(TICKS_PER_CYCLE).toBe(4 * PPQ);
  });

  it.each([
    ["0", 0],
    ["1/4", PPQ],
    ["1/3", 1280],
    ["1/7", 549], // 3840/7 = 548.57…
    ["1/2", 1920],
    ["7/6", 3840 + 640],
    ["-1/4", -PPQ],
    ["1/7680", 1], // half a tick rounds up
  ])("%s cycles is tick %i", (c, t) => {
    expect(tickOf(frac(c))).toBe(t);
  });

  it("lands every onset at cycle 100 000 exactly where cycle 0's lands, 100 000 bars later", () => {
    const p = mini("bd*3 [~ sd]*5, hh(5,7)");
    const at0 = onsets(p, 0, 1).map((e) => tickOf(e.begin));
    const far = onsets(p, 100_000, 1).map((e) => tickOf(e.begin) - 100_000 * TICKS_PER_CYCLE);
    expect(far).toEqual(at0);
    expect(listEvents(p, 100_000, 1).map((e) => e.begin)).toContain("700003/7"); // 100 000 + 3/7
  });

  it("takes another cycle length (a 3/4 bar)", () => {
    expect(tickOf(frac(1, 3), 3 * PPQ)).toBe(PPQ);
  });
});
