/**
 * A pattern as a performer writes it for a node: mini-notation read, every value it can play
 * checked, and a mistake refused as a ParamError that names the column and draws a caret under
 * it. What a node's `pattern` param and its patterned knobs (`velocity: "<0.9 0.5>"`) hold.
 */
import { ParamError } from "../core/params.ts";
import { mini } from "./mini.ts";
import { parseMini } from "./parse.ts";
import type { Pattern } from "./pattern.ts";
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
  /** The string as written: what the param reads back, the journal keeps and `.show` prints. */
  readonly source: string;
  readonly pattern: Pattern<Value>;
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
 * @example readWritten("bd sd", () => undefined).source // "bd sd"
 */
export function readWritten(source: string, check: ValueCheck): WrittenPattern {
  try {
    const tree = parseMini(source);
    for (const { value, column } of valueTerms(tree)) {
      const why = check(value);
      if (why !== undefined) throw new MiniNotationError(column, why);
    }
    return { source, pattern: mini(source) };
  } catch (err) {
    if (!(err instanceof MiniNotationError)) throw err;
    throw new ParamError(`${err.message}\n${caretUnder(source, err.column)}`);
  }
}
