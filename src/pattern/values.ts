/**
 * What a pattern's words mean as notes, for the node that plays a pattern: drum names as General
 * MIDI percussion notes, note names as MIDI notes, `bd:3` as a sound and an index.
 *
 * Note names follow the MIDI convention the rest of magicbus uses (event-recorder's `noteName`,
 * tonal): middle C is c4 = 60. A name without an octave is in octave 4 (`c` = 60, `a` = 69), the
 * octave around middle C, as a bare note is in Tidal. Sharps are `#` or `s`, flats `b` or `f`
 * (Tidal's spellings): `c#5`, `cs5`, `eb`, `ef3`.
 */
import { DIRT_BANKS, DRUM_NOTES } from "./drum-names.ts";
import type { Value } from "./syntax.ts";

export { DRUM_NOTES };

/** Octave of a note name written without one. */
export const DEFAULT_OCTAVE = 4;

const LETTERS: Readonly<Record<string, number>> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };
const NOTE = /^([a-gA-G])((?:#|s|b|f)*)(-?\d+)?$/;

/**
 * The MIDI note of a note name, or undefined when it is not one (or falls outside 0–127).
 * @example noteNumber("c4") // 60
 * @example noteNumber("eb") // 63
 */
export function noteNumber(name: string): number | undefined {
  const m = NOTE.exec(name);
  if (!m) return undefined;
  let pitch = LETTERS[m[1]!.toLowerCase()]!;
  for (const a of m[2]!) pitch += a === "#" || a === "s" ? 1 : -1;
  const octave = m[3] === undefined ? DEFAULT_OCTAVE : Number(m[3]);
  const midi = (octave + 1) * 12 + pitch;
  return midi >= 0 && midi <= 127 ? midi : undefined;
}

/**
 * The General MIDI percussion note of a drum name (`bd:3` reads as `bd`), or undefined.
 * @example drumNote("sd") // 38
 */
export function drumNote(name: string): number | undefined {
  return DRUM_NOTES[soundOf(name).sound];
}

/**
 * A word split into its sound and index: `bd:3` is sound "bd", n 3; `bd` is sound "bd", n 0.
 * @example soundOf("bd:3") // { sound: "bd", n: 3 }
 */
export function soundOf(word: string): { sound: string; n: number } {
  const i = word.indexOf(":");
  if (i < 0) return { sound: word, n: 0 };
  const n = Number(word.slice(i + 1));
  return { sound: word.slice(0, i), n: Number.isInteger(n) ? n : 0 };
}

/**
 * What a drum word asks of SuperDirt (the note's `s` and `n`, docs/together.md): a bank SuperDirt
 * knows by that name goes as typed, and an index (`bd:3`, `kick:2`) always goes along. Empty for a
 * plain word that is not such a bank: SuperDirt then gets the note's own drum name.
 * @example dirtSound("sn:2") // { s: "sn", n: 2 }
 * @example dirtSound("kick:2") // { n: 2 }
 */
export function dirtSound(word: string): { s?: string; n?: number } {
  const { sound, n } = soundOf(word);
  const out: { s?: string; n?: number } = {};
  if (DIRT_BANKS.has(sound)) out.s = sound;
  if (word.includes(":")) out.n = n;
  return out;
}

/**
 * The MIDI note a value plays as a drum or a note: a drum name first (so `cb` is a cowbell, not
 * C-flat), then a note name, then a number as a MIDI note. Undefined when it is none of these.
 */
export function midiNote(value: Value, as: "drum" | "note"): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value <= 127 ? value : undefined;
  return as === "drum" ? (drumNote(value) ?? noteNumber(value)) : noteNumber(value);
}
