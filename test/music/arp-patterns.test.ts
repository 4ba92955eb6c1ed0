import { describe, expect, it } from "vitest";
import { normalizePattern, patternCycle } from "../../src/music/arp-patterns.ts";

describe("arpeggiator patterns over 5 notes", () => {
  it.each([
    ["up", [0, 1, 2, 3, 4]],
    ["down", [4, 3, 2, 1, 0]],
    ["updown", [0, 1, 2, 3, 4, 3, 2, 1]],
    ["downup", [4, 3, 2, 1, 0, 1, 2, 3]],
    ["converge", [0, 4, 1, 3, 2]],
    ["diverge", [2, 3, 1, 4, 0]],
    ["asPlayed", [0, 1, 2, 3, 4]],
  ] as const)("%s", (name, cycle) => {
    expect(patternCycle(name, 5)).toEqual(cycle);
  });

  it("handles tiny note sets without repeating endpoints", () => {
    expect(patternCycle("updown", 2)).toEqual([0, 1]);
    expect(patternCycle("downup", 1)).toEqual([0]);
    expect(patternCycle("converge", 4)).toEqual([0, 3, 1, 2]);
    expect(patternCycle("up", 0)).toEqual([]);
  });

  it("accepts the spellings performers type", () => {
    expect(normalizePattern("as-played")).toBe("asPlayed");
    expect(normalizePattern("up_down")).toBe("updown");
    expect(normalizePattern("sideways")).toBeUndefined();
  });
});
