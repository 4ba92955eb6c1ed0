import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, nearest, unknownName } from "../../src/core/did-you-mean.ts";
import { defaultScales } from "../../src/index.ts";

describe("did you mean", () => {
  it("measures edits, a swap of neighbours counting as one", () => {
    expect(editDistance("minor", "minor")).toBe(0);
    expect(editDistance("minr", "minor")).toBe(1);
    expect(editDistance("mnior", "minor")).toBe(1);
    expect(editDistance("Dorian", "dorian")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("offers the nearest names, prefixes first, and nothing when nothing is near", () => {
    const scales = defaultScales().allNames();
    expect(nearest("minr", scales)[0]).toBe("minor");
    expect(nearest("dor", scales)[0]).toBe("dorian");
    expect(nearest("pulse", ["steps", "pulses", "rotation"])).toEqual(["pulses"]);
    expect(nearest("volume", ["channel"])).toEqual([]);
    expect(didYouMean("volume", ["channel"])).toBe("");
    expect(didYouMean("updwn", ["up", "down", "updown", "downup"])).toBe('did you mean "updown"?');
  });

  it("prints a short list whole and a long one by its nearest names only", () => {
    expect(unknownName("pattern", "upp", ["up", "down", "updown"])).toBe('unknown pattern "upp"; did you mean "up"? (valid: up, down, updown)');
    const scales = defaultScales().allNames();
    const message = unknownName("scale", "mnor", scales);
    expect(message).toMatch(/^unknown scale "mnor"; did you mean "minor"/);
    expect(message).toContain(`(${scales.length} in all)`);
    expect(message.length).toBeLessThan(120);
  });
});
