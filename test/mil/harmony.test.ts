/** Theorem 3: every progression obeys T → PD → D → T, apart from the documented colour devices. */
import { describe, expect, it } from "vitest";
import { functionalStep, type ChordDevice } from "../../src/mil/chords.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import type { PhraseInfo } from "../../src/mil/piece.ts";
import { corpus, lengths } from "./pieces.ts";

const DEVICES: ChordDevice[] = [
  "diatonic",
  "secondary-dominant",
  "borrowed",
  "neapolitan",
  "augmented-sixth",
  "chromatic-mediant",
  "tritone-substitution",
];

/** Violations found so far (collected, then asserted once: expect() per chord is slow). */
let bad: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) bad.push(what);
};

/** Checks one phrase; returns the devices it used. */
function checkPhrase(ph: PhraseInfo, label: string): ChordDevice[] {
  const chords = ph.chords.map((c) => c.chord);
  const at = `${label}: ${chords.map((c) => c.symbol).join(" ")}`;
  check(/^(I|i)$/.test(chords[0]!.symbol), `${at}: starts off the tonic`);
  for (const c of chords) check(DEVICES.includes(c.device), `${at}: undocumented device ${c.device}`);
  // Applied dominants resolve a fifth down to the next chord and are transparent to the law.
  chords.forEach((c, i) => {
    if (c.device === "secondary-dominant") check(chords[i + 1]?.root === c.resolvesTo, `${at}: ${c.symbol} does not resolve`);
  });
  const functional = chords.filter((c) => c.device !== "secondary-dominant");
  for (let i = 1; i < functional.length; i++) {
    const a = functional[i - 1]!;
    const b = functional[i]!;
    check(functionalStep(a.fn, b.fn), `${at}: ${a.symbol}(${a.fn}) → ${b.symbol}(${b.fn})`);
  }
  const n = chords.length;
  if (ph.cadence === "authentic") {
    check(/^(I|i)$/.test(chords[n - 1]!.symbol), `${at}: authentic phrase not ending on I`);
    check(/^V7?$/.test(chords[n - 2]!.symbol) && chords[n - 2]!.device === "diatonic", `${at}: no cadential V`);
    const pre = chords[n - 3]!;
    check(pre.fn === "PD" || pre.resolvesTo === 7, `${at}: ${pre.symbol} before the cadential V`);
  } else {
    check(chords[n - 1]!.symbol === "V", `${at}: half cadence not on V`);
    const pre = chords[n - 2]!;
    check(pre.fn === "PD" || pre.resolvesTo === 7, `${at}: ${pre.symbol} before the half cadence`);
  }
  return chords.map((c) => c.device);
}

describe("harmonic coherence (Theorem 3)", () => {
  it("every phrase of every piece: starts on I, follows T → PD → D → T, ends on its cadence", () => {
    bad = [];
    const used = new Map<ChordDevice, number>();
    for (const p of [...corpus(), ...lengths()]) {
      for (const ph of p.phrases) {
        for (const d of checkPhrase(ph, `${p.archetype} ${p.keyName} seed ${p.seed} phrase ${ph.index}`)) used.set(d, (used.get(d) ?? 0) + 1);
      }
    }
    expect(bad).toEqual([]);
    // the colour spectrum is actually used across the archetypes
    for (const d of ["secondary-dominant", "borrowed", "neapolitan", "augmented-sixth"] as const) expect(used.get(d) ?? 0, d).toBeGreaterThan(0);
  });

  it("a dark, complex character reaches the top of the colour spectrum (mediants, tritone substitutions)", () => {
    bad = [];
    const used = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const p = compose({ bars: 64, character: [0.5, 1, 1, 0.5, 0.3], seed, mode: "minor" });
      for (const ph of p.phrases) {
        checkPhrase(ph, `dark seed ${seed}`);
        for (const c of ph.chords) used.add(c.chord.device);
      }
    }
    expect(bad).toEqual([]);
    expect(used).toContain("chromatic-mediant");
    expect(used).toContain("tritone-substitution");
    expect(used).toContain("augmented-sixth");
    expect(used).toContain("neapolitan");
  });

  it("a bright, simple character (Lullaby, H ≈ 0.13) never reaches the gated devices", () => {
    for (let seed = 0; seed < 20; seed++) {
      const p = compose({ bars: 32, archetype: "Lullaby", seed });
      for (const ph of p.phrases) {
        for (const c of ph.chords) expect(["diatonic", "secondary-dominant", "borrowed"]).toContain(c.chord.device);
      }
    }
  });

  it("augmented sixths are real augmented-sixth chords on b6 resolving to V", () => {
    let seen = 0;
    for (const p of corpus()) {
      for (const ph of p.phrases) {
        ph.chords.forEach((c, i) => {
          if (c.chord.device !== "augmented-sixth") return;
          seen++;
          expect(c.chord.bass).toBe(8);
          expect(c.chord.pcs).toContain(6); // the raised 4th: an augmented sixth above b6
          expect(ph.chords[i + 1]!.chord.root).toBe(7);
        });
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});
