/**
 * How a pattern node reads the values it plays (`as`): drum names as General MIDI percussion,
 * note names as MIDI notes, numbers as scale degrees. `auto`, the default, takes each word for
 * what it is — a drum name first (so `cb` is a cowbell), then a note name — and each number as a
 * degree of the node's scale; the other readings say it once for the whole pattern.
 */
import { didYouMean } from "../core/did-you-mean.ts";
import type { Scale } from "../music/scale.ts";
import type { Value } from "./syntax.ts";
import { DRUM_NOTES, drumNote, noteNumber } from "./values.ts";

export const READINGS = ["auto", "drums", "notes", "degrees"] as const;
export type Reading = (typeof READINGS)[number];

/** What a value plays: a MIDI note, and whether it is a drum (channel 10 unless told otherwise). */
export interface Voice {
  readonly pitch: number;
  readonly drum: boolean;
}

/** Degrees further than this from the root leave MIDI's range in any scale. */
const MAX_DEGREE = 128;

const DRUM_NAMES = Object.keys(DRUM_NOTES);
const FIRST_DRUMS = "bd sd hh oh cp rim lt mt ht cr rd …";

const isMidiNote = (v: number) => Number.isInteger(v) && v >= 0 && v <= 127;
const isDegree = (v: number) => Number.isInteger(v) && Math.abs(v) <= MAX_DEGREE;

function notAWord(word: string, what: string, names: readonly string[]): string {
  const hint = didYouMean(word, names);
  return `"${word}" is not ${what}${hint ? `; ${hint}` : ""} (drum names: ${FIRST_DRUMS}; docs/patterns.md lists them all)`;
}

/**
 * Why `value` cannot be played read `as`, or undefined when it can.
 * @example checkPlayable("sdd", "auto") // '"sdd" is not a drum name or a note name; did you mean "sd"? …'
 */
export function checkPlayable(value: Value, as: Reading): string | undefined {
  if (typeof value === "number") {
    if (as === "drums" || as === "notes") return isMidiNote(value) ? undefined : `${value} is not a MIDI note (a whole number from 0 to 127)`;
    return isDegree(value) ? undefined : `${value} is not a scale degree (a whole number from -${MAX_DEGREE} to ${MAX_DEGREE})`;
  }
  switch (as) {
    case "auto":
      return drumNote(value) !== undefined || noteNumber(value) !== undefined ? undefined : notAWord(value, "a drum name or a note name", DRUM_NAMES);
    case "drums":
      return drumNote(value) !== undefined ? undefined : notAWord(value, "a drum name", DRUM_NAMES);
    case "notes":
      return noteNumber(value) !== undefined ? undefined : `"${value}" is not a note name (c4, eb, f#3: middle C is c4 = 60)`;
    case "degrees":
      return `"${value}" is not a scale degree: as "degrees", a pattern plays whole numbers (0 is the root)`;
  }
}

/**
 * What a value plays read `as`, over `scale` from `root`; undefined when it falls outside MIDI's
 * 0–127 (a degree too far from the root) or cannot be read (checkPlayable says why).
 * @example voice(2, "auto", major, 60) // { pitch: 64, drum: false }
 * @example voice("sd", "auto", major, 60) // { pitch: 38, drum: true }
 */
export function voice(value: Value, as: Reading, scale: Scale, root: number): Voice | undefined {
  if (typeof value === "number") {
    if (as === "drums" || as === "notes") return isMidiNote(value) ? { pitch: value, drum: as === "drums" } : undefined;
    if (!isDegree(value)) return undefined;
    const pitch = scale.pitch(root, value);
    return isMidiNote(pitch) ? { pitch, drum: false } : undefined;
  }
  if (as === "auto" || as === "drums") {
    const drum = drumNote(value);
    if (drum !== undefined) return { pitch: drum, drum: true };
    if (as === "drums") return undefined;
  }
  if (as === "degrees") return undefined;
  const note = noteNumber(value);
  return note === undefined ? undefined : { pitch: note, drum: false };
}
