/** Live steering arrives whole: loudness and the target's signature follow the character flow (virtual clock). */
import { describe, expect, it } from "vitest";
import { steer } from "./steering.ts";

describe("steering arrives whole", () => {
  it.each([
    ["Lullaby", "Toccata"],
    ["Nocturne", "March"],
    ["Waltz", "Mazurka"],
  ])("%s → %s: after 3/μ bars loudness and every signature measure have moved ≥ 80 % of the way", async (from, to) => {
    const { moved } = await steer(from, to);
    expect(moved.length).toBeGreaterThanOrEqual(2);
    const short = moved.filter((m) => !(m.fraction >= 0.8));
    expect(short, JSON.stringify(moved)).toEqual([]);
  });
});
