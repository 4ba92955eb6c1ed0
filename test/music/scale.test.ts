import { describe, expect, it } from "vitest";
import { defaultScales, Scale, ScaleError } from "../../src/index.ts";

describe("scales", () => {
  it("has the seed's six and at least 30 more", () => {
    const s = defaultScales();
    expect(s.names().slice(0, 6)).toEqual(["major", "minor", "dorian", "phrygian", "lydian", "mixolydian"]);
    expect(s.size).toBeGreaterThanOrEqual(36);
    expect(s.get("harmonic_minor").intervals).toEqual([0, 2, 3, 5, 7, 8, 11]);
    expect(s.get("aeolian")).toBe(s.get("minor"));
    expect(s.get("major_pentatonic").intervals).toEqual([0, 2, 4, 7, 9]);
  });

  it("adds scales at runtime, each registry on its own", () => {
    const a = defaultScales();
    const b = defaultScales();
    a.add(new Scale("my_mode", [0, 1, 5, 7, 10]));
    expect(a.get("my_mode").pitch(60, 2)).toBe(65);
    expect(b.has("my_mode")).toBe(false);
  });

  it("maps degrees across octaves in both directions", () => {
    const major = defaultScales().get("major");
    expect([-8, -1, 0, 6, 7, 8, 14].map((d) => major.pitch(60, d))).toEqual([47, 59, 60, 71, 72, 74, 84]);
    expect(major.nearestDegree(60, 61)).toBe(0);
    expect(major.nearestDegree(60, 70)).toBe(5);
  });

  it.each([
    [[], /needs 1 to 12 semitone offsets/],
    [[0, 2, 2, 5], /must rise strictly within the octave, but 2 follows 2/],
    [[1, 3, 5], /must start at 0 \(the root\), got 1/],
    [[0, 4, 12], /offset 12 at position 2 must be an integer from 0 to 11/],
    [[0, 2.5], /offset 2.5 at position 1/],
  ] as const)("refuses a malformed scale %j", (intervals, message) => {
    expect(() => new Scale("bad", intervals as unknown as number[])).toThrow(message);
    expect(() => new Scale("bad", intervals as unknown as number[])).toThrow(ScaleError);
  });

  it("refuses a name that is not a word", () => {
    expect(() => new Scale("two words", [0])).toThrow(/letters, digits and underscores/);
  });
});
