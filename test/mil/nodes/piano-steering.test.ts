/** Live steering arrives whole: loudness and the target's signature follow the character flow (virtual clock). */
import { describe, expect, it } from "vitest";
import { steer } from "./piano-steering.ts";

describe("steering arrives whole", () => {
  it.each([
    ["Lullaby", "Toccata", ["6/8@0", "4/4@72"]],
    ["Toccata", "Lullaby", ["4/4@0", "6/8@64"]],
    ["Nocturne", "March", ["4/4@0"]],
    ["Waltz", "Mazurka", ["3/4@0"]],
    ["Nocturne", "Tarantella", ["4/4@0", "6/8@64"]],
    ["Nocturne", "Waltz", ["4/4@0", "3/4@64"]],
    ["Nocturne", "Elegy", ["4/4@0", "6/8@64"]],
  ])("%s → %s: after 3/μ bars loudness and every signature measure have moved ≥ 80 % of the way; the metre follows at a section start", async (from, to, metres) => {
    const { moved, metreFollowed, metres: recorded } = await steer(from, to);
    expect(moved.length).toBeGreaterThanOrEqual(1);
    const short = moved.filter((m) => !(m.fraction >= 0.8));
    expect(short, JSON.stringify(moved)).toEqual([]);
    // the recording's time signatures: the piano's metre from its first bar, the target's from the section where it changed
    expect(metreFollowed).toBe(true);
    expect(recorded).toEqual(metres);
  });
});
