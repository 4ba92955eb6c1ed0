/**
 * `magicbus pattern "<mini-notation>" [--cycles N] [--from C] [--seed S] [--json]`: the events a
 * pattern plays, as exact JSON or drawn as a grid. A mistake in the pattern is shown with a caret
 * under its column. The pattern may also be the code of the pattern functions, as the REPL and
 * the journal write it (`every(2, rev, "bd sd hh")`), to preview what a line would play.
 */
import { intArg, noMorePositionals, parse, UsageError } from "./args.ts";

const USAGE = `usage: npx magicbus pattern "MINI-NOTATION" [--cycles N] [--from C] [--seed S] [--json]
  prints the events whose onset lies in cycles [C, C+N) (defaults: C 0, N 1)
  the pattern may also be pattern functions' code: 'every(2, rev, "bd sd hh")'
  --json   a JSON array of {"begin": "1/6", "end": "1/3", "value": "bd"}, times as exact fractions in cycles
  e.g. npx magicbus pattern "bd*2 [~ sd] <hh oh>" --cycles 2`;

export async function patternCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      cycles: { type: "string", short: "n" },
      from: { type: "string" },
      seed: { type: "string", short: "s" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  const [source] = positionals;
  if (source === undefined) throw new UsageError(`which pattern? give one in quotes, e.g. "bd*2 [~ sd]"`, true);
  noMorePositionals(positionals, 1);
  const cycles = intArg("cycles", values.cycles, 1, 1, 10_000);
  const from = intArg("from", values.from, 0, -1_000_000_000, 1_000_000_000);
  const seed = values.seed === undefined ? 0 : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;

  const [{ mini }, { MiniNotationError }, { onsets }, { drawGrid }, { queryContext }, { patternOfCode, PATTERN_FUNCTION_NAMES }, { PatternError }] = await Promise.all([
    import("../pattern/mini.ts"),
    import("../pattern/tokens.ts"),
    import("../pattern/listing.ts"),
    import("../pattern/grid.ts"),
    import("../pattern/pattern.ts"),
    import("../pattern/code.ts"),
    import("../pattern/arguments.ts"),
  ]);
  // Code starts with a pattern function's name and "(" — in mini-notation that would be a word
  // with Euclid's arguments, which no one writes with a function's name.
  const called = /^\s*([A-Za-z_$][\w$]*)\s*\(/.exec(source)?.[1];
  const isCode = called !== undefined && PATTERN_FUNCTION_NAMES.includes(called);
  let pat;
  try {
    pat = isCode ? patternOfCode(source) : mini(source);
  } catch (err) {
    if (err instanceof PatternError) throw new UsageError(err.message);
    if (!(err instanceof MiniNotationError)) throw err;
    throw new UsageError(`${err.message}\n  ${source}\n  ${" ".repeat(err.column - 1)}^`);
  }
  const events = onsets(pat, from, cycles, queryContext(seed, "pattern"));
  if (values.json) {
    const listed = events.map((e) => ({ begin: e.begin.toString(), end: e.end.toString(), value: e.value }));
    console.log(JSON.stringify(listed));
  } else {
    console.log(drawGrid(events, from, cycles));
  }
  return 0;
}
