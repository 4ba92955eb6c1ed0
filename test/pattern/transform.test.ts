/** Each transformation as a table of exact events (onsets in cycles [0, n)). */
import { describe, expect, it } from "vitest";
import { listEvents } from "../../src/pattern/listing.ts";
import type { Pattern } from "../../src/pattern/pattern.ts";
import { rand, saw, sine, square, tri } from "../../src/pattern/signals.ts";
import {
  cat,
  early,
  euclid,
  every,
  fast,
  iter,
  late,
  mask,
  off,
  palindrome,
  ply,
  range,
  rev,
  segment,
  seq,
  slow,
  stack,
  struct,
} from "../../src/pattern/transform.ts";

/** "begin end value" per event, joined by "; ". */
const show = (p: Pattern<unknown>, cycles = 1) =>
  listEvents(p, 0, cycles)
    .map((e) => `${e.begin} ${e.end} ${e.value}`)
    .join("; ");

const CASES: ReadonlyArray<[string, () => Pattern<unknown>, number, string]> = [
  ["fast 2", () => fast(2, "a b"), 1, "0 1/4 a; 1/4 1/2 b; 1/2 3/4 a; 3/4 1 b"],
  ["fast from mini-notation", () => fast("<1 2>", "a b"), 2, "0 1/2 a; 1/2 1 b; 1 5/4 a; 5/4 3/2 b; 3/2 7/4 a; 7/4 2 b"],
  ["fast 0 is silence", () => fast(0, "a b"), 1, ""],
  ["fast -1 reverses", () => fast(-1, "a b"), 1, "0 1/2 b; 1/2 1 a"],
  ["slow 2", () => slow(2, "a b"), 2, "0 1 a; 1 2 b"],
  ["slow 1.5", () => slow(1.5, "a b c"), 2, "0 1/2 a; 1/2 1 b; 1 3/2 c; 3/2 2 a"],
  ["early 1/4", () => early(0.25, "a b c d"), 1, "0 1/4 b; 1/4 1/2 c; 1/2 3/4 d; 3/4 1 a"],
  ["late 1/4", () => late(0.25, "a b c d"), 1, "0 1/4 d; 1/4 1/2 a; 1/2 3/4 b; 3/4 1 c"],
  ["late 1/3 cuts across the cycle", () => late(1 / 3, "a"), 2, "1/3 4/3 a; 4/3 7/3 a"],
  ["early patterned", () => early("<0 0.5>", "a b"), 2, "0 1/2 a; 1/2 1 b; 1 3/2 b; 3/2 2 a"],
  ["rev", () => rev("a b c"), 1, "0 1/3 c; 1/3 2/3 b; 2/3 1 a"],
  ["rev of a subdivision", () => rev("a [b c]"), 1, "0 1/4 c; 1/4 1/2 b; 1/2 1 a"],
  ["rev keeps cycles apart", () => rev("<a b> c"), 2, "0 1/2 c; 1/2 1 a; 1 3/2 c; 3/2 2 b"],
  ["every 2 rev", () => every(2, rev, "a b"), 3, "0 1/2 b; 1/2 1 a; 1 3/2 a; 3/2 2 b; 2 5/2 b; 5/2 3 a"],
  ["every 3 fast 2", () => every(3, (p) => fast(2, p), "a"), 3, "0 1/2 a; 1/2 1 a; 1 2 a; 2 3 a"],
  ["every <2 3>", () => every("<2 3>", rev, "a b"), 2, "0 1/2 b; 1/2 1 a; 1 3/2 a; 3/2 2 b"],
  ["ply 2", () => ply(2, "a b"), 1, "0 1/4 a; 1/4 1/2 a; 1/2 3/4 b; 3/4 1 b"],
  ["ply 3 on a long event", () => ply(3, "a@2 b"), 1, "0 2/9 a; 2/9 4/9 a; 4/9 2/3 a; 2/3 7/9 b; 7/9 8/9 b; 8/9 1 b"],
  ["ply <1 2>", () => ply("<1 2>", "a"), 2, "0 1 a; 1 3/2 a; 3/2 2 a"],
  ["iter 4", () => iter(4, "a b c d"), 4, "0 1/4 a; 1/4 1/2 b; 1/2 3/4 c; 3/4 1 d; 1 5/4 b; 5/4 3/2 c; 3/2 7/4 d; 7/4 2 a; 2 9/4 c; 9/4 5/2 d; 5/2 11/4 a; 11/4 3 b; 3 13/4 d; 13/4 7/2 a; 7/2 15/4 b; 15/4 4 c"],
  ["palindrome", () => palindrome("a b c"), 2, "0 1/3 a; 1/3 2/3 b; 2/3 1 c; 1 4/3 c; 4/3 5/3 b; 5/3 2 a"],
  ["off 1/4", () => off(0.25, (p) => p, "a"), 1, "0 1 a; 1/4 5/4 a"],
  // f applies after the shift (Tidal's definition), so fast 2 halves the shift too.
  ["off 1/8 with fast", () => off(0.125, (p) => fast(2, p), "a ~"), 1, "0 1/2 a; 1/16 5/16 a; 9/16 13/16 a"],
  ["stack", () => stack("a", "b c"), 1, "0 1 a; 0 1/2 b; 1/2 1 c"],
  ["cat", () => cat("a", "b c"), 2, "0 1 a; 1 3/2 b; 3/2 2 c"],
  ["cat keeps each pattern's own cycles", () => cat("a", "<b c>"), 4, "0 1 a; 1 2 b; 2 3 a; 3 4 c"],
  ["seq", () => seq("a", "b c"), 1, "0 1/2 a; 1/2 3/4 b; 3/4 1 c"],
  ["struct", () => struct("t ~ t t", "c e"), 1, "0 1/4 c; 1/2 3/4 e; 3/4 1 e"],
  ["struct with x and numbers", () => struct("x 0 1", "a"), 1, "0 1/3 a; 2/3 1 a"],
  ["mask", () => mask("1 0 1 1", "a*8"), 1, "0 1/8 a; 1/8 1/4 a; 1/2 5/8 a; 5/8 3/4 a; 3/4 7/8 a; 7/8 1 a"],
  ["mask keeps long events' starts", () => mask("1 0", "a"), 1, "0 1 a"],
  ["mask drops what starts in a rest", () => mask("0 1", "a"), 1, ""],
  ["euclid 3 8", () => euclid(3, 8, "bd"), 1, "0 1/8 bd; 3/8 1/2 bd; 3/4 7/8 bd"],
  ["euclid rotated left 2", () => euclid(3, 8, "bd", 2), 1, "1/8 1/4 bd; 1/2 5/8 bd; 3/4 7/8 bd"],
  ["euclid samples a sequence", () => euclid(3, 8, "bd*2 [sn cp]"), 1, "0 1/8 bd; 3/8 1/2 bd; 3/4 7/8 cp"],
  ["euclid <3 5>", () => euclid("<3 5>", 8, "x"), 2, "0 1/8 x; 3/8 1/2 x; 3/4 7/8 x; 1 9/8 x; 5/4 11/8 x; 11/8 3/2 x; 13/8 7/4 x; 7/4 15/8 x"],
  ["segment 4 saw", () => segment(4, saw), 1, "0 1/4 0; 1/4 1/2 0.25; 1/2 3/4 0.5; 3/4 1 0.75"],
  ["range of a segmented saw", () => range(40, 80, segment(2, saw)), 1, "0 1/2 40; 1/2 1 60"],
  ["segment tri", () => segment(4, tri), 1, "0 1/4 0; 1/4 1/2 0.5; 1/2 3/4 1; 3/4 1 0.5"],
  ["segment square", () => segment(2, square), 1, "0 1/2 0; 1/2 1 1"],
  ["sine at quarter cycles", () => segment(4, sine).withValue((v) => Math.round(v * 1000) / 1000), 1, "0 1/4 0.5; 1/4 1/2 1; 1/2 3/4 0.5; 3/4 1 0"],
  ["saw at cycle 100 000 is the saw at cycle 0", () => early(100_000, segment(4, saw)), 1, "0 1/4 0; 1/4 1/2 0.25; 1/2 3/4 0.5; 3/4 1 0.75"],
];

describe("transformations", () => {
  it.each(CASES)("%s", (_, make, cycles, want) => {
    expect(show(make(), cycles)).toBe(want);
  });

  it("a factor read from a random signal plays (each value the nearest fraction, not a RangeError)", () => {
    // rand's values are no short fractions; each became a RangeError at the first query before.
    const p = fast(segment(4, rand), "a b"); // its first value is 0.00616…
    const events = listEvents(p, 0, 4);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.value === "a" || e.value === "b")).toBe(true);
    expect(listEvents(late(segment(2, rand), "a b c"), 0, 8).length).toBeGreaterThan(8);
  });

  it("a signal alone has no onsets (it is continuous)", () => {
    expect(listEvents(saw, 0, 1)).toEqual([]);
    const [sample] = saw.events(0.5, 1);
    expect(sample!.whole).toBeUndefined();
    expect(sample!.value).toBe(0.5);
  });
});
