/**
 * Options of compose() and the Composer, and their validation: bad input is an error that says
 * what was wrong and what is valid (the reference silently falls back, its B13).
 */
import { unknownName } from "../core/did-you-mean.ts";
import { ARCHETYPE_NAMES, findArchetype, type Idiom } from "./archetypes.ts";
import { CHARACTER_DIMENSIONS, character, metreFor, withMode, type Character, type Metre } from "./character.ts";
import { GROOVE_NAMES, GROOVES, type GrooveName } from "./grooves.ts";
import { KEY_NAMES, parseKeyName, type Mode } from "./keys.ts";
import { findPianist, NEUTRAL_PIANIST, PIANIST_NAMES } from "./pianists.ts";
import { PERFORMANCE_DIMENSIONS, performance, type Performance } from "./performance-space.ts";
import { streamFor } from "./rng.ts";

export class MilInputError extends RangeError {
  override name = "MilInputError";
}

export const MIN_BARS = 4;
export const MAX_BARS = 128;

export interface ComposeOptions {
  /** 4–128 (compose() defaults to 16; a Composer without bars goes on until end()) */
  bars?: number;
  /** "C", "F#", "Bb" … or a pitch class 0–11; default C */
  key?: string | number;
  mode?: Mode;
  /** beats per minute; default: the character's tempo (58 + 120e + 20v) */
  bpm?: number;
  /** an archetype name, or "Random" for a random point of character space */
  archetype?: string;
  /** a character vector instead of an archetype: (e, d, x, l, v) or an object */
  character?: Character | readonly number[];
  /** a pianist name (default Neutral) … */
  pianist?: string;
  /** … or a performance vector (r, a, p, dp, h, o) */
  performance?: Performance | readonly number[];
  seed?: string | number;
  /** override the archetype's groove ("none" for straight time) */
  groove?: GrooveName | "none";
}

/** What a performer may change while a Composer plays (Composer.steer). */
export interface Steering {
  archetype?: string;
  /** any subset of the five dimensions, or a full vector */
  character?: Partial<Character> | readonly number[];
  pianist?: string;
  performance?: Partial<Performance> | readonly number[];
  key?: string | number;
  mode?: Mode;
}

export interface ResolvedOptions {
  bars: number | undefined;
  tonic: number;
  mode: Mode;
  bpm: number;
  archetype: string;
  /** the character as given (before the minor mode darkens it) */
  givenCharacter: Character;
  /** what the composer uses: darkened by 0.15 in minor */
  character: Character;
  metre: Metre;
  groove: GrooveName | undefined;
  /** the archetype's genre conventions ({} for a character vector) */
  idiom: Idiom;
  pianist: string;
  performance: Performance;
  seed: string;
}

export function toCharacter(v: Character | readonly number[], what = "character"): Character {
  const values = Array.isArray(v) ? (v as readonly number[]) : CHARACTER_DIMENSIONS.map((k) => (v as Character)[k]);
  if (values.length !== 5) throw new MilInputError(`${what} needs 5 values (${CHARACTER_DIMENSIONS.join(", ")}), got ${values.length}`);
  values.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) {
      throw new MilInputError(`${what} ${CHARACTER_DIMENSIONS[i]} must be a number from 0 to 1, got ${String(x)}`);
    }
  });
  return character(values[0]!, values[1]!, values[2]!, values[3]!, values[4]!);
}

export function toPerformance(v: Performance | readonly number[]): Performance {
  const values = Array.isArray(v) ? (v as readonly number[]) : PERFORMANCE_DIMENSIONS.map((k) => (v as Performance)[k]);
  if (values.length !== 6) throw new MilInputError(`performance needs 6 values (${PERFORMANCE_DIMENSIONS.join(", ")}), got ${values.length}`);
  values.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) {
      throw new MilInputError(`performance ${PERFORMANCE_DIMENSIONS[i]} must be a number from 0 to 1, got ${String(x)}`);
    }
  });
  return performance(values[0]!, values[1]!, values[2]!, values[3]!, values[4]!, values[5]!);
}

export function resolveKey(key: string | number | undefined): number {
  if (key === undefined) return 0;
  if (typeof key === "number") {
    if (!Number.isInteger(key) || key < 0 || key > 11) throw new MilInputError(`key must be a pitch class 0–11 or one of ${KEY_NAMES.join(" ")}, got ${key}`);
    return key;
  }
  const pc = parseKeyName(key);
  if (pc === undefined) throw new MilInputError(`unknown key "${key}": use one of ${KEY_NAMES.join(" ")} (sharps or flats)`);
  return pc;
}

export function resolveMode(mode: string | undefined): Mode {
  if (mode === undefined) return "major";
  const m = mode.toLowerCase();
  if (m === "major" || m === "maj") return "major";
  if (m === "minor" || m === "min") return "minor";
  throw new MilInputError(`unknown mode "${mode}": use major or minor`);
}

export function resolveOptions(o: ComposeOptions, barsRequired: boolean): ResolvedOptions {
  let bars: number | undefined = o.bars;
  if (bars === undefined && barsRequired) bars = 16;
  if (bars !== undefined && (!Number.isInteger(bars) || bars < MIN_BARS || bars > MAX_BARS)) {
    throw new MilInputError(`bars must be a whole number from ${MIN_BARS} to ${MAX_BARS}, got ${bars}`);
  }
  if (o.archetype !== undefined && o.character !== undefined) throw new MilInputError("give an archetype or a character, not both");
  if (o.pianist !== undefined && o.performance !== undefined) throw new MilInputError("give a pianist or a performance vector, not both");
  const seed = String(o.seed ?? 0);
  const tonic = resolveKey(o.key);
  let mode = resolveMode(o.mode);

  let archetype = "Nocturne";
  let given: Character;
  let metre: Metre | undefined;
  let groove: GrooveName | undefined;
  let idiom: Idiom = {};
  if (o.character !== undefined) {
    archetype = "Custom";
    given = toCharacter(o.character);
  } else if (o.archetype !== undefined && o.archetype.toLowerCase() === "random") {
    archetype = "Random";
    const rng = streamFor(seed, "random-character");
    given = character(rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9));
  } else {
    const a = findArchetype(o.archetype ?? "Nocturne");
    if (!a) throw new MilInputError(unknownName("archetype", o.archetype, [...ARCHETYPE_NAMES, "Random"]));
    archetype = a.name;
    given = a.character;
    metre = a.metre;
    groove = a.groove;
    idiom = a.idiom;
    if (o.mode === undefined && idiom.mode) mode = idiom.mode;
  }
  const c = withMode(given, mode);
  metre ??= metreFor(c);

  if (o.groove !== undefined) {
    if (o.groove === "none") groove = undefined;
    else if (!(o.groove in GROOVES)) throw new MilInputError(unknownName("groove", o.groove, [...GROOVE_NAMES, "none"]));
    else groove = o.groove;
  }

  let pianist = NEUTRAL_PIANIST.name;
  let perf = NEUTRAL_PIANIST.performance;
  if (o.performance !== undefined) {
    pianist = "Custom";
    perf = toPerformance(o.performance);
  } else if (o.pianist !== undefined) {
    const p = findPianist(o.pianist);
    if (!p) throw new MilInputError(unknownName("pianist", o.pianist, PIANIST_NAMES));
    pianist = p.name;
    perf = p.performance;
  }

  let bpm = Math.min(200, Math.max(50, 58 + 120 * c.energy + 20 * c.volatility));
  if (o.bpm !== undefined) {
    if (!Number.isFinite(o.bpm) || o.bpm < 20 || o.bpm > 300) throw new MilInputError(`bpm must be from 20 to 300, got ${o.bpm}`);
    bpm = o.bpm;
  } else bpm = Math.round(bpm);
  return { bars, tonic, mode, bpm, archetype, givenCharacter: given, character: c, metre, groove, idiom, pianist, performance: perf, seed };
}
