/**
 * What the MIL nodes share: the character they are given (an archetype or five numbers), key and
 * mode params whose errors list the valid values, and the conversion of MIL's 1–127 velocities.
 */
import { unknownName } from "../../core/did-you-mean.ts";
import { findArchetype, ARCHETYPE_NAMES } from "../archetypes.ts";
import { CHARACTER_DIMENSIONS, type Character, type CharacterDimension } from "../character.ts";
import { KEY_NAMES, parseKeyName, type Mode } from "../keys.ts";
import { ParamError, type ParamSpec } from "../../core/params.ts";

/**
 * An archetype name (case- and accent-insensitive), stored as the archetype spells it; "Custom"
 * (what a node reports for a character given as numbers) is accepted and changes nothing, so a
 * reload can copy it.
 */
export const archetypeParam: ParamSpec<string> = {
  describe: `an archetype: ${ARCHETYPE_NAMES.join(", ")}`,
  choices: () => ARCHETYPE_NAMES,
  check: (v) => {
    if (v === CUSTOM) return CUSTOM;
    const a = typeof v === "string" ? findArchetype(v) : undefined;
    if (!a) throw new ParamError(unknownName("archetype", v, ARCHETYPE_NAMES));
    return a.name;
  },
};

/** The archetype name of a character given as numbers. */
export const CUSTOM = "Custom";

/** A key name ("C", "F#", "Bb") or a pitch class 0–11, stored as a pitch class. */
export const keyParam: ParamSpec<number> = {
  describe: `a key: ${KEY_NAMES.join(" ")} (or a pitch class 0–11)`,
  choices: () => KEY_NAMES,
  check: (v) => {
    const pc = typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 11 ? v : typeof v === "string" ? parseKeyName(v) : undefined;
    if (pc === undefined) throw new ParamError(`unknown key ${JSON.stringify(v)}; valid: ${KEY_NAMES.join(" ")} (sharps or flats) or 0–11`);
    return pc;
  },
};

export const modeParam: ParamSpec<Mode> = {
  describe: "major or minor",
  choices: () => ["major", "minor"],
  check: (v) => {
    if (v === "major" || v === "minor") return v;
    throw new ParamError(`unknown mode ${JSON.stringify(v)}; valid: major, minor`);
  },
};

export interface CharacterOptions {
  /** A named archetype (default Nocturne) … */
  archetype?: string;
  /** … or a character: five numbers (energy, darkness, complexity, lyricism, volatility) or some of them. */
  character?: Partial<Character> | readonly number[];
}

/** The archetype's name ("Custom" for a vector) and character, checked. */
export function resolveCharacter(o: CharacterOptions, who: string): { archetype: string; character: Character } {
  if (o.archetype !== undefined && o.character !== undefined) throw new ParamError(`${who}: give an archetype or a character, not both`);
  const base = findArchetype("Nocturne")!.character;
  if (o.character === undefined) {
    const name = archetypeParam.check(o.archetype ?? "Nocturne");
    if (name === CUSTOM) throw new ParamError(`${who}: "Custom" is not an archetype; give a character instead`);
    return { archetype: name, character: findArchetype(name)!.character };
  }
  const given: Partial<Character> = Array.isArray(o.character)
    ? Object.fromEntries((o.character as readonly number[]).map((x, i) => [CHARACTER_DIMENSIONS[i] ?? `#${i}`, x]))
    : (o.character as Partial<Character>);
  const out = { ...base };
  for (const [k, x] of Object.entries(given)) {
    if (!(CHARACTER_DIMENSIONS as readonly string[]).includes(k)) {
      throw new ParamError(`${who}: unknown character dimension ${JSON.stringify(k)}; valid: ${CHARACTER_DIMENSIONS.join(", ")}`);
    }
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) throw new ParamError(`${who}.${k}: expected a number from 0 to 1, got ${String(x)}`);
    out[k as CharacterDimension] = x;
  }
  return { archetype: CUSTOM, character: out };
}

/** MIL's velocity (1–127) as a NoteEvent's 0..1, never silent. */
export const toUnitVelocity = (v: number): number => Math.min(1, Math.max(1, Math.round(v)) / 127);

/** Run a check, naming the node and the option in its error (of the same class). */
export function checked<T>(node: string, option: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const Kind = err.constructor as new (message: string) => Error;
    throw new Kind(`${node}.${option}: ${err.message}`);
  }
}
