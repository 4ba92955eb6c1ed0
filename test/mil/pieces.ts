/** Shared fixtures for the MIL tests: a corpus of pieces over all archetypes, modes and seeds. */
import { ARCHETYPE_NAMES } from "../../src/mil/archetypes.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import type { Piece } from "../../src/mil/piece.ts";

export const SEEDS = [1, 2, 3];

let cache: Piece[] | undefined;

/** 20 archetypes × 2 modes × 3 seeds × 32 bars, plus Random, in varied keys. */
export function corpus(): Piece[] {
  if (cache) return cache;
  cache = [];
  let k = 0;
  for (const archetype of [...ARCHETYPE_NAMES, "Random"]) {
    for (const mode of ["major", "minor"] as const) {
      for (const seed of SEEDS) {
        cache.push(compose({ bars: 32, archetype, mode, seed, key: k++ % 12 }));
      }
    }
  }
  return cache;
}

/** Pieces of unusual lengths (every form and remainder). */
export function lengths(): Piece[] {
  const out: Piece[] = [];
  for (const bars of [4, 5, 7, 8, 9, 11, 12, 13, 17, 23, 24, 31, 45, 128]) {
    for (const archetype of ["Fantasia", "Waltz", "Lullaby", "Toccata"]) out.push(compose({ bars, archetype, seed: bars, mode: bars % 2 ? "minor" : "major", key: bars % 12 }));
  }
  return out;
}

export const pc = (p: number) => ((p % 12) + 12) % 12;
