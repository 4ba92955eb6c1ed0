/** Theorems 4 and 5: character consistency and distinctiveness. */
import { describe, expect, it } from "vitest";
import { ARCHETYPES, findArchetype } from "../../src/mil/archetypes.ts";
import { characterDistance, characterParams, metreFor, character } from "../../src/mil/character.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { performanceDistance } from "../../src/mil/performance-space.ts";
import { findPianist, PIANISTS } from "../../src/mil/pianists.ts";
import type { Piece } from "../../src/mil/piece.ts";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const SEEDS = [1, 2, 3, 4, 5, 6];
const pieces = (v: number[]) => SEEDS.map((seed) => compose({ bars: 32, character: v, seed }));
const density = (p: Piece) => p.notes.length / (p.bars * p.barBeats);
const melodyMean = (p: Piece) => mean(p.notes.filter((n) => n.voice === "melody").map((n) => n.pitch));
const colourShare = (p: Piece) => {
  const chords = p.phrases.flatMap((ph) => ph.chords.map((c) => c.chord));
  return chords.filter((c) => c.minorQuality || c.chromatic).length / chords.length;
};

describe("character space", () => {
  it("the 20 archetypes are pairwise at least 0.30 apart (all 190 pairs), the pianists too (45)", () => {
    let min = Infinity;
    for (let i = 0; i < ARCHETYPES.length; i++)
      for (let j = i + 1; j < ARCHETYPES.length; j++) min = Math.min(min, characterDistance(ARCHETYPES[i]!.character, ARCHETYPES[j]!.character));
    expect(min).toBeGreaterThanOrEqual(0.3);
    expect(min).toBeCloseTo(0.3202, 3); // Polonaise–Mazurka
    let pmin = Infinity;
    for (let i = 0; i < PIANISTS.length; i++)
      for (let j = i + 1; j < PIANISTS.length; j++) pmin = Math.min(pmin, performanceDistance(PIANISTS[i]!.performance, PIANISTS[j]!.performance));
    expect(pmin).toBeGreaterThanOrEqual(0.3);
  });

  it("derives the seed's parameters (Nocturne, Toccata)", () => {
    const n = characterParams(findArchetype("Nocturne")!.character);
    expect(n.bpm).toBeCloseTo(85.6, 9);
    expect(n.melodyCentre).toBe(69);
    expect(n.baseVelocity).toBe(53);
    expect(n.dynamicMagnitude).toBeCloseTo(14.3, 9);
    expect(n.rubatoMagnitude).toBeCloseTo(0.1112, 9);
    expect(n.viscosity).toBeCloseTo(0.346, 9);
    const t = characterParams(findArchetype("Toccata")!.character);
    expect(t.harmonicColour).toBeCloseTo(0.65, 9);
    expect(t.neapolitanProb).toBeCloseTo(0.0225, 9);
    expect(t.maxInterval).toBe(2 + Math.floor(4 * 0.82 + 2 * 0.95));
  });

  it("names match case- and accent-insensitively; genres keep their metre", () => {
    expect(findArchetype("etude")?.name).toBe("Étude");
    expect(findArchetype("ÉTUDE")?.name).toBe("Étude");
    expect(findPianist("gould")?.name).toBe("Glenn Gould");
    expect(findPianist("glenn-gould")?.name).toBe("Glenn Gould");
    const metre = (a: string) => compose({ bars: 8, archetype: a, seed: 1 }).timeSignature;
    for (const a of ["Waltz", "Mazurka", "Polonaise", "Scherzo"]) expect(metre(a)).toBe("3/4");
    for (const a of ["Tarantella", "Barcarolle", "Berceuse", "Lullaby"]) expect(metre(a)).toBe("6/8");
    expect(metre("March")).toBe("4/4");
    expect(metre("Nocturne")).toBe("4/4");
    expect(metreFor(character(0.3, 0.5, 0.5, 0.8, 0.2))).toBe("6/8");
    expect(metreFor(character(0.5, 0.5, 0.5, 0.6, 0.2))).toBe("3/4");
    expect(metreFor(character(0.6, 0.5, 0.5, 0.3, 0.2))).toBe("4/4");
  });
});

describe("character consistency (Theorem 4)", () => {
  it("raising energy raises the mean tempo and the note density", () => {
    for (const rest of [[0.3, 0.4, 0.6, 0.2], [0.6, 0.7, 0.3, 0.5]]) {
      const low = pieces([0.15, ...rest]);
      const high = pieces([0.85, ...rest]);
      expect(mean(high.map((p) => p.bpm))).toBeGreaterThan(mean(low.map((p) => p.bpm)) + 50);
      expect(mean(high.map(density))).toBeGreaterThan(mean(low.map(density)) * 1.1);
    }
  });

  it("raising darkness lowers the melody's centre and raises the share of minor and chromatic chords", () => {
    for (const [e, x, l, v] of [[0.4, 0.5, 0.5, 0.3], [0.7, 0.3, 0.3, 0.5]]) {
      const bright = pieces([e!, 0.1, x!, l!, v!]);
      const dark = pieces([e!, 0.9, x!, l!, v!]);
      expect(mean(dark.map(melodyMean))).toBeLessThan(mean(bright.map(melodyMean)) - 3);
      expect(mean(dark.map(colourShare))).toBeGreaterThan(mean(bright.map(colourShare)) + 0.03);
    }
  });
});

describe("distinctiveness (Theorem 5)", () => {
  it("every pair of archetypes differs clearly in at least two of tempo, metre, texture, harmony, density, rhythm, register, dynamics, articulation, groove", () => {
    const profile = new Map<
      string,
      { bpm: number; metre: string; textures: Map<string, number>; colour: number; density: number; rhythm: Map<number, number>; register: number; loudness: number; articulation: number; groove: number }
    >();
    for (const a of ARCHETYPES) {
      const ps = [1, 2, 3].map((seed) => compose({ bars: 32, archetype: a.name, seed }));
      const textures = new Map<string, number>();
      let phrases = 0;
      for (const p of ps) for (const ph of p.phrases) {
        textures.set(ph.pattern, (textures.get(ph.pattern) ?? 0) + 1);
        phrases++;
      }
      for (const [k, v] of textures) textures.set(k, v / phrases);
      // rhythmic profile: the distribution of written melody durations
      const rhythm = new Map<number, number>();
      const melody = ps.flatMap((p) => p.notes.filter((n) => n.voice === "melody" && !n.ornament));
      const written = ps.flatMap((p) => p.phrases.flatMap((ph) => ph.statements.flatMap((st) => st.durations)));
      for (const d of written) rhythm.set(d, (rhythm.get(d) ?? 0) + 1 / written.length);
      profile.set(a.name, {
        bpm: ps[0]!.bpm,
        metre: ps[0]!.timeSignature,
        textures,
        colour: mean(ps.map(colourShare)),
        density: mean(ps.map(density)),
        rhythm,
        register: mean(melody.map((n) => n.pitch)),
        loudness: mean(ps.flatMap((p) => p.notes.map((n) => n.velocity))),
        articulation: mean(melody.map((n) => n.durationBeats)),
        groove: mean(ps.flatMap((p) => p.notes.map((n) => Math.abs(n.playedBeat - n.beat)))),
      });
    }
    const names = ARCHETYPES.map((a) => a.name);
    const same: string[] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = profile.get(names[i]!)!;
        const b = profile.get(names[j]!)!;
        const keys = new Set([...a.textures.keys(), ...b.textures.keys()]);
        let tv = 0;
        for (const k of keys) tv += Math.abs((a.textures.get(k) ?? 0) - (b.textures.get(k) ?? 0)) / 2;
        let rv = 0;
        for (const k of new Set([...a.rhythm.keys(), ...b.rhythm.keys()])) rv += Math.abs((a.rhythm.get(k) ?? 0) - (b.rhythm.get(k) ?? 0)) / 2;
        const differences = [
          Math.abs(a.bpm - b.bpm) >= 6,
          a.metre !== b.metre,
          tv >= 0.3,
          Math.abs(a.colour - b.colour) >= 0.05,
          Math.abs(a.density - b.density) / Math.max(a.density, b.density) >= 0.1,
          rv >= 0.3,
          Math.abs(a.register - b.register) >= 2,
          Math.abs(a.loudness - b.loudness) >= 4,
          Math.abs(a.articulation - b.articulation) / Math.max(a.articulation, b.articulation) >= 0.15,
          Math.abs(a.groove - b.groove) >= 0.005,
        ].filter(Boolean).length;
        // the theory's list: tempo, metre, texture, harmony, density, rhythm, register,
        // dynamics, articulation (legato/staccato) and groove
        if (differences < 2) same.push(`${names[i]}–${names[j]}: ${differences}`);
      }
    }
    expect(same).toEqual([]);
  });
});

describe("identity measure", () => {
  it("archetypes are recognised from their MIDI files alone, far above chance (5 %) and the reference (38 %)", async () => {
    const { identityFeatures, leaveOneOutAccuracy } = await import("../../src/mil/identity.ts");
    const { pieceToSong } = await import("../../src/mil/to-song.ts");
    const { readSmf, writeSmf } = await import("../../src/midi/smf.ts");
    const samples = ARCHETYPES.flatMap((a) =>
      [11, 12, 13, 14, 15, 16].map((seed) => ({
        label: a.name,
        features: identityFeatures(readSmf(writeSmf(pieceToSong(compose({ bars: 32, archetype: a.name, seed }))))),
      })),
    );
    expect(leaveOneOutAccuracy(samples)).toBeGreaterThanOrEqual(0.6);
  });
});
