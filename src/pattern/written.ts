/**
 * A pattern as a performer writes it for a node: mini-notation read, or a pattern made with the
 * pattern functions (`every(2, rev, "bd sd hh")`), every value it can play checked, and a mistake
 * refused as a ParamError that names the column and draws a caret under it. What a node's
 * `pattern` param and its patterned knobs (`velocity: "<0.9 0.5>"`) hold.
 */
import { ParamError } from "../core/params.ts";
import { mini } from "./mini.ts";
import { parseMini } from "./parse.ts";
import { Pattern } from "./pattern.ts";
import type { Layers, Term, Value } from "./syntax.ts";
import { MiniNotationError } from "./tokens.ts";

/** A value's column in the source, for errors. */
export interface ValueTerm {
  readonly value: Value;
  readonly column: number;
}

/** Why a value cannot be played, or undefined when it can. */
export type ValueCheck = (value: Value) => string | undefined;

export interface WrittenPattern {
  /** What was given — the string as written, or the pattern — : what the param reads back. */
  readonly given: string | Pattern<Value>;
  /** As `.show` prints it and the journal keeps it: `"bd*4, ~ sd"` (quoted) or `every(2, rev, "bd sd hh")`. */
  readonly code: string;
  readonly pattern: Pattern<Value>;
  /** The mini-notation in it whose values it plays as written: checked again for a new reading. */
  readonly notation: readonly string[];
  /**
   * Whether every value it can play was checked when it was given (mini-notation). A pattern made
   * with the functions can make values of its own (`range`, signals): those are checked as they play.
   */
  readonly checkedAhead: boolean;
}

/**
 * The values a pattern can play (not the factors, counts and probabilities that shape it):
 * `bd*<2 3>` plays bd; 2 and 3 are speeds.
 * @example valueTerms(parseMini("bd*2 [~ sd]")) // [{ value: "bd", column: 1 }, { value: "sd", column: 9 }]
 */
export function valueTerms(layers: Layers): ValueTerm[] {
  const out: ValueTerm[] = [];
  const walkLayers = (l: Layers) => {
    for (const seq of l.sequences) for (const step of seq.steps) walk(step.term);
  };
  const walk = (t: Term): void => {
    switch (t.kind) {
      case "value":
        out.push({ value: t.value, column: t.column });
        return;
      case "rest":
        return;
      case "group":
      case "alternate":
      case "polymeter":
        return walkLayers(t.layers);
      case "fast":
      case "slow":
      case "degrade":
      case "euclid":
        return walk(t.target);
    }
  };
  walkLayers(layers);
  return out;
}

/** The source with a caret under `column`, indented for a message's second and third lines. */
export function caretUnder(source: string, column: number): string {
  return `  ${source}\n  ${" ".repeat(Math.max(0, column - 1))}^`;
}

/**
 * `source` read as a pattern whose every value passes `check`. Throws ParamError: "column 7:
 * unclosed [", or "column 3: "sdd" is not a drum name…", with the source and a caret below.
 * @example readWritten("bd sd", () => undefined).code // '"bd sd"'
 */
export function readWritten(source: string, check: ValueCheck): WrittenPattern {
  checkNotation(source, check);
  return { given: source, code: JSON.stringify(source), pattern: mini(source), notation: [source], checkedAhead: true };
}

/** Throws ParamError, with a caret under its column, if `source` is not mini-notation whose values pass `check`. */
function checkNotation(source: string, check: ValueCheck): void {
  try {
    const tree = parseMini(source);
    for (const { value, column } of valueTerms(tree)) {
      const why = check(value);
      if (why !== undefined) throw new MiniNotationError(column, why);
    }
  } catch (err) {
    if (!(err instanceof MiniNotationError)) throw err;
    throw new ParamError(`${err.message}\n${caretUnder(source, err.column)}`);
  }
}

/**
 * A pattern made with the pattern functions, the mini-notation in it checked with `check` (what
 * else it plays is checked as it plays). One made in code (no text) is taken as it is.
 */
export function readMade(pattern: Pattern<Value>, check: ValueCheck): WrittenPattern {
  const notation = pattern.text?.notation ?? [];
  for (const source of notation) checkNotation(source, check);
  return { given: pattern, code: pattern.text?.code ?? "[a pattern made in code]", pattern, notation, checkedAhead: false };
}

/** A string read as mini-notation, a pattern taken as made; anything else is undefined. */
export function readGiven(given: unknown, check: ValueCheck): WrittenPattern | undefined {
  if (typeof given === "string" && given.trim().length > 0) return readWritten(given, check);
  if (given instanceof Pattern) return readMade(given as Pattern<Value>, check);
  return undefined;
}

/** Throws ParamError if a value `w` plays as written fails `check` (a node's new reading). */
export function recheck(w: WrittenPattern, check: ValueCheck): void {
  for (const source of w.notation) checkNotation(source, check);
}
