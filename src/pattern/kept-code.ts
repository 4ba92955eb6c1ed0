/**
 * Whether a pattern can be kept as its code — the journal's form of a pattern typed in the REPL —
 * and come back as the same music. It can when it was made with the pattern functions and
 * mini-notation alone, and the code, read back (code.ts), plays what the pattern plays.
 *
 * The second condition catches a function argument that does not only transform its pattern
 * (`(p) => Math.random() < 0.5 ? rev(p) : p`, or one that reads a variable that changes): it is
 * written from one call, so its code may not be what it does. Such a pattern is refused while it
 * can still be fixed, instead of being heard once and replayed differently.
 */
import { PatternError } from "./arguments.ts";
import { patternOfCode } from "./code.ts";
import type { Hap } from "./hap.ts";
import { type Pattern, queryContext } from "./pattern.ts";

/** How many cycles of the pattern and of its code read back are compared. */
const CYCLES_COMPARED = 8;

const VALID = 'the pattern functions (fast, every, rev …), numbers, "mini-notation" and functions of a pattern ((p) => ply(2, p))';

/** The code to keep for `pattern`; throws PatternError saying why it cannot be kept. */
export function codeToKeep(pattern: Pattern<unknown>): string {
  const code = pattern.text?.code;
  if (code === undefined) {
    throw new PatternError(
      `this pattern was made in code (a Pattern method such as withValue, or new Pattern), so the journal could not play it again; write it with ${VALID}, or make it in a patch`,
    );
  }
  let again: Pattern<unknown>;
  try {
    again = patternOfCode(code);
  } catch (err) {
    throw new PatternError(`${code} cannot be played again from the journal: ${(err as Error).message}\n(a pattern typed here may use ${VALID})`);
  }
  const cycle = firstDifference(pattern, again);
  if (cycle !== undefined) {
    throw new PatternError(
      `${code} plays differently from the pattern given (cycle ${cycle}): a function given to a pattern function must only transform the pattern it gets, with ${VALID}; no Math.random, no variable that changes`,
    );
  }
  return code;
}

/** The first cycle in which the two patterns play different events, if any. */
function firstDifference(a: Pattern<unknown>, b: Pattern<unknown>): number | undefined {
  const ctx = queryContext(0, "kept-code");
  for (let c = 0; c < CYCLES_COMPARED; c++) {
    if (listed(a.events(c, c + 1, ctx)) !== listed(b.events(c, c + 1, ctx))) return c;
  }
  return undefined;
}

function listed(haps: Hap<unknown>[]): string {
  return haps
    .map((h) => `${h.whole ? `${h.whole.begin}-${h.whole.end}` : "~"} ${h.part.begin}-${h.part.end} ${JSON.stringify(h.value)}`)
    .sort()
    .join("\n");
}
