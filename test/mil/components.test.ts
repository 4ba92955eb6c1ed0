/** The smaller machines: grooves, flow, ornaments, register, memory, feedback, the performer's dimensions. */
import { describe, expect, it } from "vitest";
import { character, characterParams } from "../../src/mil/character.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { listen } from "../../src/mil/feedback.ts";
import { CharacterFlow } from "../../src/mil/flow.ts";
import { GROOVES, grooveOffset } from "../../src/mil/grooves.ts";
import { ThematicMemory } from "../../src/mil/memory.ts";
import { expandOrnament } from "../../src/mil/ornaments.ts";
import { PinkNoise } from "../../src/mil/pink-noise.ts";
import { streamFor } from "../../src/mil/rng.ts";
import { ScaleSpace } from "../../src/mil/scale-space.ts";
import { registerEnvelope } from "../../src/mil/tension.ts";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe("grooves", () => {
  it("all twelve templates shift less than 0.1 beat on average, and the waltz anticipates beat two", () => {
    for (const t of Object.values(GROOVES)) expect(Math.abs(mean([...t]))).toBeLessThan(0.1);
    expect(Object.keys(GROOVES)).toHaveLength(12);
    expect(grooveOffset(GROOVES["viennese-waltz"], 3, 1)).toBe(-0.03);
    expect(grooveOffset(GROOVES["bossa-nova"], 4, 0.5)).toBe(0.02); // eighth-note slots
    const waltz = compose({ bars: 8, archetype: "Waltz", seed: 1 });
    const beatTwo = waltz.notes.filter((n) => !n.ornament && Math.abs((n.beat % 3) - 1) < 1e-9);
    expect(beatTwo.length).toBeGreaterThan(0);
    for (const n of beatTwo) expect(n.playedBeat - n.beat).toBeCloseTo(-0.03, 9);
  });
});

describe("pink noise and character flow", () => {
  it("pink noise has the expected spread and long-range correlation", () => {
    const n = new PinkNoise(streamFor(1, "t"), 6);
    const xs = Array.from({ length: 8000 }, () => n.stepUnit());
    expect(std(xs)).toBeGreaterThan(0.8);
    expect(std(xs)).toBeLessThan(1.2);
    const lag = (k: number) => mean(xs.slice(k).map((x, i) => x * xs[i]!)) / mean(xs.map((x) => x * x));
    expect(lag(1)).toBeGreaterThan(lag(16));
    expect(lag(16)).toBeGreaterThan(0.1); // white noise would be ≈ 0
  });

  it("a section's impulse decays at the viscosity: steady characters return faster than volatile ones", () => {
    const offset = [0.2, 0, 0, 0, 0];
    const decay = (v: number) => {
      const c = character(0.3, 0.3, 0.3, 0.3, v);
      const flow = new CharacterFlow(c, streamFor(3, "flow"));
      const start = flow.at(0, offset, true).energy - 0.5;
      const later = flow.at(8, offset, false).energy - 0.5;
      return later / start;
    };
    expect(decay(0.05)).toBeLessThan(decay(0.9));
    expect(decay(0.05)).toBeLessThan(0.3); // μ ≈ 0.385: e^(−3.1) of the impulse after 8 bars, plus drift
  });
});

describe("ornaments", () => {
  it("each ornament note has its own onset, auxiliaries are in the scale, the principal note ends the figure", () => {
    const scale = new ScaleSpace({ tonic: 0, mode: "major" });
    const note = { beat: 4, duration: 2, pitch: 64, velocity: 80 };
    for (const kind of ["turn", "mordent", "trill", "grace"] as const) {
      const out = expandOrnament(note, kind, scale, 1);
      const onsets = out.map((n) => n.beat);
      expect(new Set(onsets).size).toBe(out.length);
      for (const n of out) expect(scale.contains(n.pitch)).toBe(true);
      const last = out[out.length - 1]!;
      expect(last.pitch).toBe(64);
      expect(last.beat + last.duration).toBeCloseTo(6, 9);
      expect(last.ornament).toBeUndefined();
    }
    expect(expandOrnament(note, "turn", scale, 1).map((n) => n.pitch)).toEqual([65, 64, 62, 64]);
  });
});

describe("register, memory, feedback", () => {
  it("the register envelope opens with intensity, energy and extra tension, within 48–96", () => {
    const calm = registerEnvelope(70, 0.3, 0.1);
    const wild = registerEnvelope(70, 0.9, 0.9, 4);
    expect(wild.high - wild.low).toBeGreaterThan(calm.high - calm.low + 10);
    expect(registerEnvelope(90, 1, 1, 10).high).toBe(96);
    expect(registerEnvelope(50, 1, 1, 10).low).toBe(48);
  });

  it("familiarity fades, more slowly for recalled material; pressure rises once it fades", () => {
    const m = new ThematicMemory();
    m.record("identity", 0);
    expect(m.familiarity("identity", 10)).toBeCloseTo(Math.exp(-0.8), 9);
    expect(m.recallPressure(0, 0.6)).toBe(0);
    expect(m.recallPressure(40, 0.6)).toBeGreaterThan(0.15);
    m.record("identity", 40);
    m.record("identity", 80);
    m.record("identity", 120);
    expect(m.familiarity("identity", 130)).toBeGreaterThan(Math.exp(-0.8)); // λ = 0.08 / 2
  });

  it("feedback corrects −0.3 × the error in range, velocity and density", () => {
    const p = characterParams(character(0.5, 0.5, 0.5, 0.5, 0.5));
    const melody = [60, 62, 64, 72].map((pitch) => ({ pitch, velocity: p.targetVelocity + 10 }));
    const c = listen(melody, 4, p);
    expect(c.range).toBeCloseTo(-0.3 * (12 - p.targetRange), 9);
    expect(c.velocity).toBeCloseTo(-3, 9);
    expect(c.density).toBeCloseTo(-0.3 * (1 - p.targetDensity), 9);
  });
});

describe("the performer's dimensions take effect", () => {
  it("rubato freedom widens the tempo deviation; pedal saturation the pedalled share", () => {
    const tempoSpread = (pianist: string) =>
      mean([1, 2, 3].map((seed) => std(compose({ bars: 32, archetype: "Nocturne", pianist, seed }).tempoMap.map((t) => t.bpm)) / 86));
    const gould = tempoSpread("Glenn Gould"); // rubato 0.12 → scale 0.68
    const cortot = tempoSpread("Cortot"); // rubato 0.92 → scale 1.88
    expect(cortot).toBeGreaterThan(1.5 * gould); // not 2.8×: the ±20 % clip bounds the freest rubato
    expect(cortot).toBeGreaterThan(0.08); // the theory's 4–12 %, ×1.88
    const pedalled = (pianist: string) => {
      const ps = [1, 2, 3, 4].map((seed) => compose({ bars: 32, archetype: "Nocturne", pianist, seed }));
      return mean(ps.map((p) => p.pedal.length / 2 / p.phrases.reduce((s, ph) => s + ph.chords.length, 0)));
    };
    expect(Math.abs(pedalled("Glenn Gould") - (0.2 + 0.6 * 0.08))).toBeLessThan(0.07);
    expect(Math.abs(pedalled("Cortot") - (0.2 + 0.6 * 0.68))).toBeLessThan(0.07);
  });

  it("the soprano boost goes only to the top of each simultaneous group", () => {
    const plain = compose({ bars: 16, archetype: "Waltz", performance: [0.5, 0.5, 0.5, 0.5, 0, 0], seed: 2 });
    const sung = compose({ bars: 16, archetype: "Waltz", performance: [0.5, 0.5, 0.5, 0.5, 1, 0], seed: 2 });
    const key = (n: { playedBeat: number; pitch: number }) => `${n.playedBeat}:${n.pitch}`;
    const before = new Map(plain.notes.map((n) => [key(n), n.velocity]));
    const groups = new Map<number, number>();
    for (const n of sung.notes) groups.set(n.playedBeat, Math.max(groups.get(n.playedBeat) ?? 0, n.pitch));
    for (const n of sung.notes) {
      const diff = n.velocity - before.get(key(n))!;
      if (n.pitch === groups.get(n.playedBeat)) expect(diff).toBeGreaterThanOrEqual(0);
      else expect(diff).toBe(0);
    }
    expect(mean(sung.notes.map((n) => n.velocity))).toBeGreaterThan(mean(plain.notes.map((n) => n.velocity)));
  });
});

describe("harmonic-field uncertainty", () => {
  it("is low while the music stays home and rises in a remote key", async () => {
    const { KeyBelief } = await import("../../src/mil/key-belief.ts");
    const home = new KeyBelief({ tonic: 0, mode: "major" });
    let h = 0;
    for (const p of [60, 64, 67, 72, 65, 69, 67, 71, 72, 64, 67, 60]) h = home.hear(p);
    const wander = new KeyBelief({ tonic: 0, mode: "major" });
    let w = 0;
    for (const p of [61, 66, 70, 63, 68, 61, 66, 59, 64, 69, 62, 67]) w = wander.hear(p);
    expect(h).toBeLessThan(w);
    expect(h).toBeGreaterThan(0);
    expect(w).toBeLessThanOrEqual(Math.log2(24) + 1e-9);
    const piece = compose({ bars: 16, archetype: "Fantasia", seed: 1 });
    for (const ph of piece.phrases) expect(ph.uncertainty).toBeGreaterThan(0);
  });
});
