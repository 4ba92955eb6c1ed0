/**
 * Every archetype's signature (src/mil/signatures.ts, docs/mil.md), read back from the .mid of
 * 32-bar pieces over seeds 0–7 in C (the mode the archetype asks for): each line of the table holds
 * for every seed. The measures come from the notes alone (src/mil/hearing.ts).
 */
import { describe, expect, it } from "vitest";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import { ARCHETYPE_NAMES } from "../../src/mil/archetypes.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { hear, type Heard } from "../../src/mil/hearing.ts";
import { holds, SIGNATURES, thresholdText } from "../../src/mil/signatures.ts";
import { pieceToSong } from "../../src/mil/to-song.ts";

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
const heard = new Map<string, Heard[]>();
const hearAll = (archetype: string): Heard[] => {
  let hs = heard.get(archetype);
  if (!hs) heard.set(archetype, (hs = SEEDS.map((seed) => hear(readSmf(writeSmf(pieceToSong(compose({ bars: 32, archetype, seed, key: "C" }))))))));
  return hs;
};

describe("archetype signatures", () => {
  it("every archetype has two or three", () => {
    for (const a of ARCHETYPE_NAMES) {
      const n = SIGNATURES.filter((s) => s.archetype === a).length;
      expect(n, a).toBeGreaterThanOrEqual(2);
      expect(n, a).toBeLessThanOrEqual(3);
    }
  });

  it.each(SIGNATURES.map((s) => [`${s.archetype}: ${s.promise} (${s.measure} ${thresholdText(s)})`, s] as const))("%s", (_, sig) => {
    const values = hearAll(sig.archetype).map((h) => sig.value(h));
    const failing = values.map((v, i) => ({ seed: SEEDS[i], v })).filter((x) => !holds(sig, x.v));
    expect(failing, `values over seeds 0–7: ${values.map((v) => v.toFixed(2)).join(", ")}`).toEqual([]);
  });
});
