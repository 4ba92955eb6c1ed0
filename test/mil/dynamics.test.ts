/**
 * Dynamics that span the piano (src/mil/dynamics.ts), heard from the .mid: the softest and the
 * loudest archetype lie ≥ 40 velocity apart, a piece swells into its climax and breathes out at its
 * cadences, and a pianist's dynamic range widens or narrows all of it.
 */
import { describe, expect, it } from "vitest";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import { ARCHETYPE_NAMES } from "../../src/mil/archetypes.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { barGrid, hear } from "../../src/mil/hearing.ts";
import type { ComposeOptions } from "../../src/mil/options.ts";
import { pieceToSong } from "../../src/mil/to-song.ts";
import type { Song } from "../../src/song/song.ts";

const SEEDS = [0, 1, 2, 3];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const song = (o: ComposeOptions): Song => readSmf(writeSmf(pieceToSong(compose({ bars: 32, key: "C", ...o }))));
const loudness = (o: ComposeOptions) => mean(SEEDS.map((seed) => hear(song({ ...o, seed })).meanVelocity));

/** Mean velocity of the notes starting in each bar. */
function barLoudness(s: Song): number[] {
  const notes = s.tracks.flatMap((t) => t.notes);
  const grid = barGrid(s, Math.max(...notes.map((n) => n.tick)) + 1);
  return grid.map((g) => mean(notes.filter((n) => n.tick >= g.start - 30 && n.tick < g.start + g.length - 30).map((n) => n.velocity)));
}

describe("dynamics", () => {
  it("the softest and the loudest archetype differ by at least 40 in mean velocity", () => {
    const levels = ARCHETYPE_NAMES.map((archetype) => ({ archetype, v: loudness({ archetype }) })).sort((a, b) => a.v - b.v);
    const soft = levels[0]!;
    const loud = levels[levels.length - 1]!;
    expect(loud.v - soft.v, `${soft.archetype} ${soft.v.toFixed(1)} … ${loud.archetype} ${loud.v.toFixed(1)}`).toBeGreaterThanOrEqual(40);
    expect(soft.v).toBeLessThanOrEqual(50); // piano or softer
    expect(loud.v).toBeGreaterThanOrEqual(80); // forte or louder
  });

  it("a piece swells into its climax and each phrase breathes out at its cadence", () => {
    let climaxRise = 0;
    let cadenceDrop = 0;
    let n = 0;
    for (const archetype of ["Nocturne", "Waltz", "March", "Sonata"]) {
      for (const seed of SEEDS) {
        const bars = barLoudness(song({ archetype, seed }));
        const passage = (b: number) => mean(bars.slice(b, b + 4));
        // the climax lies 60–75 % of the way: bars 19–24 of 32, against the opening four
        climaxRise += Math.max(passage(18), passage(20)) - passage(0);
        // phrases of four bars: the cadence bar against the bar before it (the final bar aside)
        cadenceDrop += mean([3, 7, 11, 15, 19, 23, 27].map((b) => bars[b]! - bars[b - 1]!));
        n++;
      }
    }
    expect(climaxRise / n).toBeGreaterThanOrEqual(10);
    expect(cadenceDrop / n).toBeLessThanOrEqual(-3);
  });

  it("a pianist's dynamic range widens or narrows the distance between soft and loud", () => {
    const distance = (pianist: string) => loudness({ archetype: "Toccata", pianist }) - loudness({ archetype: "Lullaby", pianist });
    const brendel = distance("Brendel"); // dynamics 0.45
    const neutral = distance("Neutral"); // 0.5
    const liszt = distance("Liszt"); // 0.95
    expect(neutral).toBeGreaterThan(brendel + 1);
    expect(liszt).toBeGreaterThan(neutral + 10);
  });
});
