/**
 * A param cue's value as the journal keeps it: JSON. Numbers and strings are kept as they are; a
 * pattern made with the pattern functions (`drums.pattern = every(2, rev, "bd sd hh")`) is kept
 * as its code, `{ "pattern": "every(2, rev, \"bd sd hh\")" }`, and made again from it when the
 * cue acts — live as in a replay or on a standby engine, so all three play the same pattern.
 */
import { ParamError } from "../core/params.ts";
import { patternOfCode } from "../pattern/code.ts";
import { codeToKeep } from "../pattern/kept-code.ts";
import { Pattern } from "../pattern/pattern.ts";

/** A pattern as the journal keeps it. */
export interface KeptPattern {
  readonly pattern: string;
}

function isKeptPattern(v: unknown): v is KeptPattern {
  return typeof v === "object" && v !== null && Object.keys(v).length === 1 && typeof (v as KeptPattern).pattern === "string";
}

/** `value` for the journal; a pattern that cannot be kept is refused (ParamError naming `target.param`). */
export function keptValue(target: string, param: string, value: unknown): unknown {
  if (!(value instanceof Pattern)) return value;
  try {
    return { pattern: codeToKeep(value) } satisfies KeptPattern;
  } catch (err) {
    throw new ParamError(`${target}.${param}: ${(err as Error).message}`);
  }
}

/** A journaled value as the node takes it: a kept pattern made again from its code. */
export function playedValue(value: unknown): unknown {
  return isKeptPattern(value) ? patternOfCode(value.pattern) : value;
}

/** A param's value (or a journaled one) in a message: a pattern as its code, anything else as JSON. */
export function showValue(value: unknown): string {
  if (value instanceof Pattern) return value.toString();
  return isKeptPattern(value) ? value.pattern : JSON.stringify(value);
}
