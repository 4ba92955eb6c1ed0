/** Theorem 1: every piece ends on a perfect authentic cadence in the home key. */
import { describe, expect, it } from "vitest";
import type { Piece } from "../../src/mil/piece.ts";
import { corpus, lengths, pc } from "./pieces.ts";

function checkClosure(p: Piece): void {
  const label = `${p.archetype} ${p.keyName} ${p.bars} bars seed ${p.seed}`;
  const last = p.phrases[p.phrases.length - 1]!;
  expect(last.final, label).toBe(true);
  expect(last.cadence, label).toBe("authentic");
  expect(last.tonic, label).toBe(p.tonic);
  expect(last.mode, label).toBe(p.mode);
  const chords = last.chords;
  const final = chords[chords.length - 1]!.chord;
  const dominant = chords[chords.length - 2]!.chord;
  expect(final.symbol, label).toMatch(/^(I|i)$/);
  expect(final.root).toBe(0);
  expect(dominant.symbol, label).toMatch(/^V7?$/);
  expect(dominant.root).toBe(7);
  // The sounding end: every note that starts in the last bar belongs to the tonic triad,
  // the lowest and the highest of them are the tonic.
  const lastBar = (p.bars - 1) * p.barBeats;
  const ending = p.notes.filter((n) => n.beat >= lastBar - 1e-9);
  expect(ending.length, label).toBeGreaterThanOrEqual(3);
  const low = Math.min(...ending.map((n) => n.pitch));
  const high = Math.max(...ending.map((n) => n.pitch));
  expect(pc(low), `${label}: bass`).toBe(p.tonic);
  expect(pc(high), `${label}: soprano`).toBe(p.tonic);
  const triad = [0, p.mode === "major" ? 4 : 3, 7].map((i) => (p.tonic + i) % 12);
  for (const n of ending) expect(triad, label).toContain(pc(n.pitch));
  // and the melody's last note is the tonic, on top
  const melody = p.notes.filter((n) => n.voice === "melody");
  const lastMelody = melody.reduce((a, b) => (b.beat > a.beat ? b : a));
  expect(pc(lastMelody.pitch), label).toBe(p.tonic);
  expect(lastMelody.pitch).toBe(high);
}

describe("closure (Theorem 1)", () => {
  it("every piece of every archetype, mode and seed ends on a PAC in the home key, tonic in bass and soprano", () => {
    for (const p of corpus()) checkClosure(p);
  });

  it("holds for every length from 4 to 128 bars (9–12 bars included: they end at home)", () => {
    for (const p of lengths()) {
      checkClosure(p);
      expect(p.sections[p.sections.length - 1]!.keyName).toBe(p.keyName);
      expect(p.sections.reduce((s, x) => s + x.bars, 0)).toBe(p.bars);
    }
  });

  it("the last bass note of the piece is the tonic", () => {
    for (const p of corpus()) {
      const bass = p.notes.filter((n) => n.voice === "bass");
      expect(pc(bass[bass.length - 1]!.pitch)).toBe(p.tonic);
    }
  });
});
