/** Theorem 2: every melodic phrase states a transformation of the seed motif, and its tag is true. */
import { describe, expect, it } from "vitest";
import { character, characterParams } from "../../src/mil/character.ts";
import { generateMotif, transformMotif, TRANSFORM_NAMES, type Motif } from "../../src/mil/motif.ts";
import { streamFor } from "../../src/mil/rng.ts";
import { ScaleSpace } from "../../src/mil/scale-space.ts";
import { corpus, lengths } from "./pieces.ts";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("seed motif", () => {
  it("has 3–5 notes filling exactly one bar (or half a 4/4 bar), an ascent, a descent and two interval sizes", () => {
    for (let seed = 0; seed < 200; seed++) {
      const c = character((seed % 10) / 10, 0.5, ((seed * 7) % 10) / 10, 0.5, 0.3);
      const barBeats = seed % 2 ? 3 : 4;
      const m = generateMotif(c, characterParams(c), barBeats, streamFor(seed, "motif"), barBeats === 4 ? 2 : undefined);
      expect(m.durations.length).toBeGreaterThanOrEqual(3);
      expect(m.durations.length).toBeLessThanOrEqual(5);
      expect(m.intervals.length).toBe(m.durations.length - 1);
      expect([barBeats, barBeats / 2]).toContain(sum(m.durations));
      if (barBeats === 3) expect(sum(m.durations)).toBe(3);
      expect(m.intervals.some((x) => x > 0) && m.intervals.some((x) => x < 0)).toBe(true);
      expect(new Set(m.intervals.map(Math.abs)).size).toBeGreaterThanOrEqual(2);
    }
  });

  it("transformations form the expected algebra", () => {
    const m: Motif = { intervals: [2, -1, 3], durations: [1, 0.5, 0.5, 2] };
    const twice = (t: (typeof TRANSFORM_NAMES)[number]) => transformMotif(transformMotif(m, t), t);
    expect(twice("inversion")).toEqual(m);
    expect(twice("retrograde")).toEqual(m);
    expect(twice("retrograde-inversion")).toEqual(m);
    expect(transformMotif(m, "retrograde").intervals).toEqual([-3, 1, -2]); // pitches played backwards
    expect(transformMotif(m, "augmentation").durations).toEqual([2, 1, 1, 4]);
    expect(transformMotif(m, "diminution").durations).toEqual([0.5, 0.25, 0.25, 1]);
    expect(transformMotif(m, "fragmentation")).toEqual({ intervals: [2], durations: [1, 0.5] });
  });
});

describe("thematic unity (Theorem 2)", () => {
  it("every phrase is tagged, its statements have the tagged shape, and they sound in the melody", () => {
    const tags = new Set<string>();
    const bad: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) bad.push(what);
    };
    for (const p of [...corpus(), ...lengths()]) {
      const melody = p.notes.filter((n) => n.voice === "melody");
      for (const ph of p.phrases) {
        const label = `${p.archetype} seed ${p.seed} phrase ${ph.index} (${ph.transform})`;
        check(TRANSFORM_NAMES.includes(ph.transform), `${label}: unknown tag`);
        tags.add(ph.transform);
        check(ph.statements.length > 0, `${label}: no statement`);
        const shape = transformMotif(p.motif, ph.transform);
        const scale = new ScaleSpace({ tonic: ph.tonic, mode: ph.mode });
        for (const st of ph.statements) {
          check(JSON.stringify(st.durations) === JSON.stringify(shape.durations), `${label}: durations ${st.durations}`);
          const steps = st.pitches.slice(1).map((q, i) => scale.index(q) - scale.index(st.pitches[i]!));
          check(JSON.stringify(steps) === JSON.stringify(shape.intervals), `${label}: steps ${steps} ≠ ${shape.intervals}`);
          for (const q of st.pitches) check(scale.contains(q), `${label}: ${q} outside the scale`);
          // each written motif note is heard: a melody note of that pitch starts within its span
          let t = st.beat;
          st.pitches.forEach((q, i) => {
            const d = st.durations[i]!;
            const heard = melody.some((n) => n.pitch === q && n.beat >= t - 1e-9 && n.beat < t + d - 1e-9);
            check(heard, `${label}: motif note ${q} at beat ${t} not heard`);
            t += d;
          });
        }
        // a sequence restates the statement one scale step higher or lower each time
        if (ph.transform === "sequence-up" || ph.transform === "sequence-down") {
          check(ph.statements.length > 1, `${label}: a sequence needs two statements`);
          for (let i = 1; i < ph.statements.length; i++) {
            const moved = scale.index(ph.statements[i]!.pitches[0]!) - scale.index(ph.statements[i - 1]!.pitches[0]!);
            check(moved === (ph.transform === "sequence-up" ? 1 : -1), `${label}: sequence moved ${moved}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
    expect(tags.size).toBeGreaterThanOrEqual(8);
  });
});
