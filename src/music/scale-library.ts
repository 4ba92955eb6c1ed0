/**
 * The default scale set: the seed's six first, then every scale type of the tonal library
 * (92 scales and modes: pentatonics, bebop, ragas, Messiaen's modes …), named in snake_case
 * ("harmonic minor" → "harmonic_minor") with tonal's aliases ("aeolian" → "minor").
 */
import { Interval, ScaleType } from "tonal";
import { Scale, ScaleRegistry } from "./scale.ts";

const SEED_SCALES: ReadonlyArray<readonly [string, number[]]> = [
  ["major", [0, 2, 4, 5, 7, 9, 11]],
  ["minor", [0, 2, 3, 5, 7, 8, 10]],
  ["dorian", [0, 2, 3, 5, 7, 9, 10]],
  ["phrygian", [0, 1, 3, 5, 7, 8, 10]],
  ["lydian", [0, 2, 4, 6, 7, 9, 11]],
  ["mixolydian", [0, 2, 4, 5, 7, 9, 10]],
];

/** "messiaen's mode #3" → "messiaens_mode_3" */
export function scaleKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

let tonalScales: Array<{ name: string; intervals: number[]; aliases: string[] }> | undefined;

function fromTonal(): typeof tonalScales & object {
  tonalScales ??= ScaleType.all().map((t) => ({
    name: scaleKey(t.name),
    intervals: t.intervals.map((i) => Interval.semitones(i)!),
    aliases: t.aliases.map(scaleKey),
  }));
  return tonalScales;
}

/** A fresh registry (each system may add its own scales without touching another's). */
export function defaultScales(): ScaleRegistry {
  const registry = new ScaleRegistry(SEED_SCALES.map(([n, iv]) => new Scale(n, iv)));
  for (const t of fromTonal()) {
    if (!registry.has(t.name)) registry.add(new Scale(t.name, t.intervals));
  }
  for (const t of fromTonal()) for (const a of t.aliases) registry.alias(a, t.name);
  return registry;
}
