/**
 * `magicbus pattern "<mini-notation>" [--cycles N] [--from C] [--seed S] [--json]`: the events a
 * pattern plays, as exact JSON or drawn as a grid. A mistake in the pattern is shown with a caret
 * under its column.
 */
import { intArg, noMorePositionals, parse, UsageError } from "./args.ts";

const USAGE = `usage: npx magicbus pattern "MINI-NOTATION" [--cycles N] [--from C] [--seed S] [--json]
  prints the events whose onset lies in cycles [C, C+N) (defaults: C 0, N 1)
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

  const [{ mini }, { MiniNotationError }, { onsets }, { drawGrid }, { queryContext }] = await Promise.all([
    import("../pattern/mini.ts"),
    import("../pattern/tokens.ts"),
    import("../pattern/listing.ts"),
    import("../pattern/grid.ts"),
    import("../pattern/pattern.ts"),
  ]);
  let pat;
  try {
    pat = mini(source);
  } catch (err) {
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
