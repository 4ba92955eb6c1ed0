/** The live Composer: phrase by phrase, steerable, and it ends on request with a PAC. */
import { describe, expect, it } from "vitest";
import { findArchetype } from "../../src/mil/archetypes.ts";
import { characterDistance } from "../../src/mil/character.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { Composer } from "../../src/mil/composer.ts";
import { pc } from "./pieces.ts";

describe("Composer", () => {
  it("compose() is the Composer run to its end", () => {
    const piece = compose({ bars: 24, archetype: "Sonata", seed: 9 });
    const c = new Composer({ bars: 24, archetype: "Sonata", seed: 9 });
    const notes = [];
    for (let ph = c.next(); ph; ph = c.next()) notes.push(...ph.notes);
    expect(c.next()).toBeUndefined();
    expect(notes.length).toBe(piece.notes.length);
    expect(new Set(notes.map((n) => `${n.playedBeat}:${n.pitch}:${n.velocity}`))).toEqual(new Set(piece.notes.map((n) => `${n.playedBeat}:${n.pitch}:${n.velocity}`)));
  });

  it("without a length it goes on phrase after phrase, contiguous in bars and time", () => {
    const c = new Composer({ archetype: "Waltz", seed: 3 });
    let bar = 0;
    const all = [];
    for (let i = 0; i < 30; i++) {
      const ph = c.next()!;
      expect(ph.info.startBar).toBe(bar);
      const start = bar * c.barBeats;
      bar += ph.info.bars;
      // every written note inside its phrase's bars, exactly
      for (const n of ph.notes) {
        expect(n.beat).toBeGreaterThanOrEqual(start);
        expect(n.beat).toBeLessThan(bar * c.barBeats);
      }
      all.push(...ph.notes);
    }
    // one time map for the whole run: a later played beat never sounds earlier, across phrases too
    all.sort((a, b) => a.playedBeat - b.playedBeat);
    for (let i = 1; i < all.length; i++) expect(all[i]!.timeSeconds).toBeGreaterThanOrEqual(all[i - 1]!.timeSeconds);
    expect(all[0]!.playedBeat).toBeGreaterThanOrEqual(0);
    expect(c.done).toBe(false);
    expect(new Set(c.sectionsSoFar.map((s) => s.role))).toEqual(new Set(["A", "B", "A'", "C"]));
  });

  it("end() closes at the next phrase on a PAC in the home key, then stops", () => {
    for (const seed of [1, 2, 3, 4]) {
      const c = new Composer({ archetype: "Rhapsody", key: "E", mode: "minor", seed });
      for (let i = 0; i < 3 + seed; i++) c.next();
      c.end();
      const last = c.next()!;
      expect(c.next()).toBeUndefined();
      expect(last.info.final).toBe(true);
      expect(last.info.cadence).toBe("authentic");
      expect(last.info.keyName).toBe("E minor");
      const chords = last.info.chords.map((x) => x.chord.symbol);
      expect(chords.at(-1)).toBe("i");
      expect(chords.at(-2)).toMatch(/^V7?$/);
      const lastBar = (last.info.startBar + last.info.bars - 1) * c.barBeats;
      const ending = last.notes.filter((n) => n.beat >= lastBar);
      expect(pc(Math.min(...ending.map((n) => n.pitch)))).toBe(4);
      expect(pc(Math.max(...ending.map((n) => n.pitch)))).toBe(4);
    }
  });

  it("steer() makes the new character the attractor: the music moves toward it, at the viscosity's pace", () => {
    const lullaby = findArchetype("Lullaby")!.character;
    const toccata = findArchetype("Toccata")!.character;
    const c = new Composer({ archetype: "Lullaby", seed: 5 });
    const before = c.next()!;
    expect(characterDistance(before.info.character, lullaby)).toBeLessThan(0.35);
    c.steer({ archetype: "Toccata", pianist: "Argerich" });
    expect(c.pianist).toBe("Argerich");
    const distances: number[] = [];
    for (let i = 0; i < 12; i++) distances.push(characterDistance(c.next()!.info.character, toccata));
    expect(distances.at(-1)!).toBeLessThan(distances[0]! + 1e-9);
    expect(distances.at(-1)!).toBeLessThan(0.5);
    // partial steering of single dimensions
    c.steer({ character: { darkness: 1 } });
    expect(c.character.darkness).toBe(1);
    expect(c.character.energy).toBeCloseTo(toccata.energy, 9);
  });

  it("steering the key moves the sections that have not started yet", () => {
    const c = new Composer({ bars: 48, archetype: "Prelude", key: "C", seed: 2 });
    c.next();
    c.steer({ key: "A", mode: "minor" });
    const phrases = [];
    for (let ph = c.next(); ph; ph = c.next()) phrases.push(ph.info);
    expect(phrases.at(-1)!.keyName).toBe("A minor");
    expect(phrases.at(-1)!.final).toBe(true);
  });

  it("steered to an archetype of another metre, it changes bars at the next section start, contiguous in beats", () => {
    const c = new Composer({ archetype: "Waltz", seed: 5 });
    const first = c.next()!;
    expect([first.info.metre, first.info.barBeats]).toEqual(["3/4", 3]);
    c.steer({ archetype: "March" });
    let beat = first.info.startBeat + first.info.bars * first.info.barBeats;
    const metres: string[] = [];
    for (let i = 0; i < 8; i++) {
      const ph = c.next()!;
      expect(ph.info.startBeat).toBeCloseTo(beat, 9);
      beat += ph.info.bars * ph.info.barBeats;
      metres.push(`${ph.info.section}:${ph.info.metre}`);
      // every note within its own phrase's bars
      for (const n of ph.notes) expect(n.beat).toBeGreaterThanOrEqual(ph.info.startBeat - 1e-9);
      for (const n of ph.notes) expect(n.beat).toBeLessThan(ph.info.startBeat + ph.info.bars * ph.info.barBeats);
      // the motif fills the new bar
      if (ph.info.metre === "4/4") expect(c.motif.durations.reduce((a, b) => a + b, 0) % 2).toBe(0);
    }
    // the section A was in when the steer came keeps 3/4; B, at the next section start, is in 4/4
    expect(metres).toEqual(["A:3/4", "B:4/4", "B:4/4", "A':4/4", "A':4/4", "C:4/4", "C:4/4", "A':4/4"]);
    expect(c.metre).toBe("4/4");
  });

  it("steered to the Elegy with no mode asked, the next section is in minor; back to a Waltz, in major again; an asked mode stays", () => {
    const c = new Composer({ archetype: "Nocturne", seed: 1 });
    c.next();
    c.steer({ archetype: "Elegy" });
    const keys = Array.from({ length: 4 }, () => c.next()!.info).map((i) => `${i.section}:${i.keyName}`);
    // the section playing keeps its key; B is in the relative major of C minor, A′ in C minor
    expect(keys).toEqual(["A:C major", "B:Eb major", "B:Eb major", "A':C minor"]);
    c.steer({ archetype: "Waltz" });
    c.next();
    c.next();
    expect(c.homeMode).toBe("major");
    const asked = new Composer({ archetype: "Nocturne", seed: 1, mode: "major" });
    asked.next();
    asked.steer({ archetype: "Elegy" });
    for (let i = 0; i < 4; i++) asked.next();
    expect(asked.homeMode).toBe("major");
  });
});
