import { describe, expect, it } from "vitest";
import { Arpeggiator, ArpConfig, ChordEvent, defaultScales, NoteEvent, ParamChangeEvent, PPQ, TickEvent, TriggerEvent } from "../../../src/index.ts";
import { SECTION_OFFSETS } from "../../../src/mil/form.ts";
import { character } from "../../../src/mil/character.ts";
import { HarmonyNode, type HarmonyNodeOptions } from "../../../src/mil/nodes/harmony-node.ts";
import { planPhrase } from "../../../src/mil/nodes/harmony-plan.ts";
import { withClock } from "../../helpers.ts";

const BAR = 4 * PPQ;

/** A harmony node, an arpeggiator following it on every 16th, `bars` bars of virtual time. */
async function run(options: HarmonyNodeOptions, bars: number, seed: string | number = 1) {
  const s = withClock({ seed });
  const harmony = s.system.add(new HarmonyNode(s.bus, { name: "harm", ...options }));
  const arp = s.system.add(new Arpeggiator(s.bus, defaultScales(), { name: "arp", chords: "harm", rootMidi: 60, config: new ArpConfig({ pattern: "updown" }) }));
  s.bus.on(TickEvent, () => s.bus.emit(new TriggerEvent({ name: "hit" })), { node: "player" });
  const chords: ChordEvent[] = [];
  const notes: NoteEvent[] = [];
  s.bus.on(ChordEvent, (c) => chords.push(c));
  s.bus.on(NoteEvent, (n) => notes.push(n), { from: "arp" });
  await s.system.runUntilTick(bars * BAR);
  return { ...s, harmony, arp, chords, notes };
}

const pc = (p: number) => ((p % 12) + 12) % 12;

describe("HarmonyNode", () => {
  it("an arpeggiator following it plays only tones of the chord sounding, through modulations and colour chords", async () => {
    const { chords, notes, problems } = await run({ archetype: "Sonata" }, 48);
    expect(problems).toEqual([]);
    expect(notes.length).toBe(48 * 16);
    const keys = new Set<string>();
    let chromatic = 0;
    for (const n of notes) {
      const chord = chords.filter((c) => c.tick! <= n.tick!).at(-1)!;
      expect(chord.pitchClasses, `note ${n.pitch} at ${n.tick}, chord ${chord.symbol} at ${chord.tick}`).toContain(pc(n.pitch));
      if (chord.pitchClasses!.some((x) => ![0, 2, 4, 5, 7, 9, 11].includes(x))) chromatic++;
    }
    for (const c of chords) keys.add(c.symbol!);
    // Several different chords, some of them outside C major (a related key or a colour chord).
    expect(keys.size).toBeGreaterThanOrEqual(5);
    expect(chromatic).toBeGreaterThan(0);
    // Every chord's published pitches spell its pitch classes, bass first, from the root (48) up.
    for (const c of chords) {
      expect(c.pitches.map(pc)).toEqual(c.pitchClasses);
      expect(c.pitches[0]).toBeGreaterThanOrEqual(48);
      expect(c.pitches[0]).toBeLessThan(60);
    }
  });

  it("changes chord on the bar grid, phrases of four bars ending in their cadences", async () => {
    const { chords, harmony } = await run({ archetype: "Nocturne", mode: "minor", key: "D" }, 32, 3);
    for (const c of chords) expect(c.tick! % (PPQ / 2)).toBe(0);
    // Every bar starts with a chord change (a chord per bar, sometimes two).
    const bars = new Set(chords.filter((c) => c.tick! % BAR === 0).map((c) => c.tick! / BAR));
    expect(bars.size).toBe(32);
    for (let n = 0; n < 8; n++) {
      const plan = harmony.planAt(n);
      const last = plan.chords.at(-1)!;
      const before = plan.chords.at(-2)!;
      expect(last.beat).toBe(12); // the cadence bar
      if (n % 2 === 0) {
        expect(plan.cadence).toBe("half");
        expect(last.chord.symbol).toBe("V");
      } else {
        expect(plan.cadence).toBe("authentic");
        expect(last.chord.root).toBe(0);
        expect(before.chord.fn).toBe("D");
      }
      expect(plan.chords[0]!.chord.root).toBe(0); // each phrase starts on its tonic
    }
    // A and A′ at home; B (phrases 2–3) and C (6–7) in related keys.
    expect([0, 1, 4, 5].map((n) => harmony.planAt(n).keyName)).toEqual(["D minor", "D minor", "D minor", "D minor"]);
    expect(harmony.planAt(2).keyName).not.toBe("D minor");
    expect(harmony.keyName).toBe(harmony.planAt(7).keyName);
  });

  it("keyed by section and phrase: a steered character changes the chords, never where the sections modulate; any phrase can be asked alone", () => {
    const plan = (energy: number) => (index: number) =>
      planPhrase({ seed: "k", home: { tonic: 0, mode: "major" }, character: character(energy, 0.3, 0.5, 0.6, 0.3), beatsPerBar: 4, modulate: true }, index);
    const calm = Array.from({ length: 20 }, (_, i) => plan(0.1)(i));
    const wild = Array.from({ length: 20 }, (_, i) => plan(0.9)(i));
    expect(wild.map((p) => p.keyName)).toEqual(calm.map((p) => p.keyName));
    expect(new Set(calm.map((p) => p.keyName)).size).toBeGreaterThan(1);
    const symbols = (ps: typeof calm) => ps.map((p) => p.chords.map((c) => c.chord.symbol).join(" "));
    expect(symbols(wild)).not.toEqual(symbols(calm));
    // phrase 13 asked alone, after nothing, is phrase 13 of the sequence
    expect(plan(0.1)(13)).toEqual(calm[13]);
  });

  it("is deterministic under a seed, different under another", async () => {
    const view = (r: Awaited<ReturnType<typeof run>>) => r.chords.map((c) => `${c.tick}:${c.symbol}`);
    const a = view(await run({ archetype: "Waltz", seed: "x" }, 16));
    expect(view(await run({ archetype: "Waltz", seed: "x" }, 16))).toEqual(a);
    expect(view(await run({ archetype: "Waltz", seed: "y" }, 16))).not.toEqual(a);
  });

  it("arpeggiator degrees follow a diatonic chord in the arp's own scale", async () => {
    const { arp, harmony } = await run({ archetype: "Lullaby", modulate: false }, 1);
    // The first chord of a phrase is the tonic: C E G = degrees 0 2 4 of C major.
    expect(harmony.chord!.symbol).toBe("I");
    expect(arp.getParam("degrees")).toEqual([0, 2, 4]);
    expect(arp.currentNotes).toEqual([60, 64, 67]);
  });

  it("barsPerChord stretches the harmonic rhythm; a param change applies from the next phrase", async () => {
    const s = withClock();
    const h = s.system.add(new HarmonyNode(s.bus, { name: "harm", barsPerChord: 2 }));
    const chords: ChordEvent[] = [];
    s.bus.on(ChordEvent, (c) => chords.push(c));
    s.sched.at(BAR, () => s.bus.emit(new ParamChangeEvent({ target: "harm", param: "barsPerChord", value: 1 })));
    await s.system.runUntilTick(12 * BAR);
    // first phrase: 8 bars, chords on even bars only (or mid-harmonic-bar splits on bar lines)
    expect(chords.filter((c) => c.tick! < 8 * BAR).every((c) => c.tick! % BAR === 0)).toBe(true);
    expect(chords.some((c) => c.tick! === 8 * BAR)).toBe(true);
    expect(h.barsPerChord).toBe(1);
    expect(h.phrase!.index).toBe(1);
    expect(chords.filter((c) => c.tick! >= 8 * BAR).map((c) => c.tick! / BAR)).toContain(11);
  });

  it("started mid-phrase it publishes the chord sounding now, then goes on with the same plan", async () => {
    const s = withClock();
    const chords: ChordEvent[] = [];
    s.bus.on(ChordEvent, (c) => chords.push(c));
    await s.system.runUntilTick(Math.round(6.5 * BAR)); // phrase 1, bar 3, beat 3
    const h = s.system.add(new HarmonyNode(s.bus, { name: "harm", archetype: "Sonata", seed: 9 }));
    await h.start();
    await s.system.runUntilTick(12 * BAR);
    const plan = h.planAt(1);
    const sounding = plan.chords.filter((c) => 4 * BAR + c.beat * PPQ <= 6.5 * BAR).at(-1)!;
    expect(chords[0]!.tick).toBe(6.5 * BAR);
    expect(chords[0]!.symbol).toBe(sounding.chord.symbol);
    expect(chords.filter((c) => c.tick! >= 8 * BAR).map((c) => c.symbol)).toEqual(h.planAt(2).chords.map((c) => c.chord.symbol));
  });

  it("a reload adopts the newer settings, a character given as numbers too", () => {
    const s = withClock();
    const old = new HarmonyNode(s.bus, { name: "harm", archetype: "Waltz" });
    old.adopt(new HarmonyNode(s.bus, { name: "harm", character: [0.9, 0.8, 0.7, 0.2, 0.1], key: "E" }));
    expect([old.archetype, old.character.energy, old.character.volatility, old.keyName]).toEqual(["Custom", 0.9, 0.1, "E major"]);
    old.adopt(new HarmonyNode(s.bus, { name: "harm", archetype: "lullaby" }));
    expect([old.archetype, old.character.energy]).toEqual(["Lullaby", 0.08]);
  });

  it("bad options are errors naming the valid values", () => {
    const s = withClock();
    expect(() => new HarmonyNode(s.bus, { archetype: "Polka" })).toThrow(/unknown archetype "Polka"; valid: Nocturne, Barcarolle.*Impromptu/);
    expect(() => new HarmonyNode(s.bus, { key: "H" })).toThrow(/harmony\.key: unknown key "H"; valid: C C# D/);
    expect(() => new HarmonyNode(s.bus, { archetype: "Custom" })).toThrow(/"Custom" is not an archetype/);
    expect(() => new HarmonyNode(s.bus, { character: { energy: 2 } })).toThrow(/energy: expected a number from 0 to 1/);
    expect(() => new HarmonyNode(s.bus, { character: { vigour: 0.5 } as never })).toThrow(/unknown character dimension "vigour"; valid: energy, darkness/);
    expect(() => new HarmonyNode(s.bus, { archetype: "Waltz", character: [0, 0, 0, 0, 0] })).toThrow(/archetype or a character, not both/);
    const h = new HarmonyNode(s.bus, { archetype: "étude" });
    expect(h.archetype).toBe("Étude");
    expect(() => h.setParam("archetype", "Jig")).toThrow(/valid: Nocturne/);
  });
});

describe("HarmonyNode steered", () => {
  it("reaches a new archetype the way the composer's character flow does: partly at the next phrase, ≥ 95 % after 3/μ bars", async () => {
    const { harmony, system } = await run({ archetype: "Lullaby" }, 8);
    const playing = harmony.phrase!.index;
    harmony.setParam("archetype", "Toccata");
    await system.runUntilTick(40 * BAR);
    const [eL, eT] = [0.08, 0.95];
    const progress = (n: number) => (harmony.characterAt(n).energy - eL) / (eT - eL);
    // the phrase sounding when the steer came keeps its character; the next is on its way, not there
    expect(progress(playing)).toBeCloseTo(0, 9);
    expect(progress(playing + 1)).toBeGreaterThan(0.3);
    expect(progress(playing + 1)).toBeLessThan(0.9);
    // μ = 0.1 + 0.3(1 − 0.42): after 3/μ ≈ 11 bars (three phrases) 95 % of the way
    expect(progress(playing + 3)).toBeGreaterThanOrEqual(0.95);
    // and the plan the node played is the one that flow gives (the section's offset on top)
    const next = harmony.planAt(playing + 1);
    expect(next.character.energy).toBeCloseTo(Math.min(1, harmony.characterAt(playing + 1).energy + SECTION_OFFSETS[next.section][0]!), 9);
  });
});
