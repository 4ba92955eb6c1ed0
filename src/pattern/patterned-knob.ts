/**
 * Knobs that take a value or a pattern of values: `velocity: 0.8` plays every note at 0.8,
 * `velocity: "<0.9 0.5>"` alternates by cycle, `velocity: "1 0.6 0.8 0.6"` accents each beat,
 * `velocity: range(0.5, 1, segment(8, sine))` swells. A string is mini-notation (one word is a
 * pattern of one value); its every value is checked when it is given, so a mistake is refused
 * with its column before anything plays. A pattern made with the functions is checked as far as
 * its mini-notation goes, and the values it makes of its own as they play.
 */
import { ParamError, type ParamSpec } from "../core/params.ts";
import type { Pattern } from "./pattern.ts";
import type { Value } from "./syntax.ts";
import { readGiven, type WrittenPattern } from "./written.ts";

/** A knob's setting: one value for every note, or a pattern read at each note's onset. */
export interface Patterned<T> {
  /** What was given (a number, the string as written, a pattern): what the param reads back. */
  readonly given: number | string | Pattern<Value>;
  readonly constant?: T;
  readonly written?: WrittenPattern;
  /** A pattern's value as the knob's (checked already, unless `unchecked`). */
  readonly read: (v: Value) => T;
  /** Why a value the pattern plays cannot be the knob's: for values not checked when it was given. */
  readonly unchecked?: (v: Value) => string | undefined;
}

export interface KnobReading<T> {
  /** For errors: "a number from 0 to 1". */
  readonly describe: string;
  /** Why a value (a number given, or one in a pattern) is not valid, or undefined. */
  readonly check: (v: Value) => string | undefined;
  readonly read: (v: Value) => T;
  /** A string that is one setting, not a pattern to parse ("auto", a scale's name). */
  readonly word?: (s: string) => T | undefined;
  /** Valid words, for completion. */
  readonly choices?: () => readonly string[];
}

/** The spec of a patterned knob: a value, or mini-notation of values. */
export function patternedSpec<T>(r: KnobReading<T>): ParamSpec<Patterned<T>> {
  const describe = `${r.describe}, or a pattern of them (mini-notation: "<0.9 0.5>", or made with the pattern functions)`;
  const spec: ParamSpec<Patterned<T>> = {
    describe,
    check: (v) => {
      if (typeof v === "number") {
        const why = r.check(v);
        if (why !== undefined) throw new ParamError(`expected ${describe}; ${why}`);
        return { given: v, constant: r.read(v), read: r.read };
      }
      const word = typeof v === "string" ? r.word?.(v.trim()) : undefined;
      if (word !== undefined) return { given: v as string, constant: word, read: r.read };
      const written = readGiven(v, r.check);
      if (written) return { given: written.given, written, read: r.read, ...(written.checkedAhead ? {} : { unchecked: r.check }) };
      throw new ParamError(`expected ${describe}, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
    },
  };
  return r.choices ? { ...spec, choices: r.choices } : spec;
}

/** A number knob's reading: from `min` to `max` (whole numbers when `integer`). */
export function numberReading(min: number, max: number, integer = false): KnobReading<number> {
  const describe = `${integer ? "an integer" : "a number"} from ${min} to ${max}`;
  return {
    describe,
    check: (v) =>
      typeof v === "number" && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))
        ? undefined
        : `${typeof v === "string" ? `"${v}"` : v} is not ${describe}`,
    read: (v) => v as number,
  };
}
