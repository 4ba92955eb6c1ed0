/**
 * One cycle of a pattern in one line of text, as the steps of its finest subdivision: what the
 * console's `.show drums` prints. It reads like flat mini-notation:
 *
 *   bd+hh hh bd+hh hh bd+hh+sd hh bd+hh hh
 *
 * Each step lists what starts there (`+` between sounds struck together), `_` where something
 * struck earlier still sounds, `~` where nothing does.
 */
import { type Fraction, frac } from "./fraction.ts";
import { columnsPerCycle } from "./grid.ts";
import { compareValues, type Onset } from "./listing.ts";

/**
 * The steps of `cycle`; `events` are its onsets (as `onsets(pattern, cycle)` lists them).
 * @example drawCycleLine(onsets(mini("bd*2, ~ sd")), 0) // "bd bd+sd"
 */
export function drawCycleLine(events: readonly Onset<unknown>[], cycle: number): string {
  if (events.length === 0) return "~";
  const columns = columnsPerCycle(events);
  const start = frac(cycle);
  const step = frac(1, columns);
  const at = (t: Fraction) => t.sub(start).div(step).toNumber();
  const struck: unknown[][] = Array.from({ length: columns }, () => []);
  const sounding = new Array<boolean>(columns).fill(false);
  for (const e of events) {
    const b = Math.min(columns - 1, Math.max(0, Math.floor(at(e.begin))));
    struck[b]!.push(e.value);
    const last = Math.min(columns - 1, Math.ceil(at(e.end)) - 1);
    for (let i = b + 1; i <= last; i++) sounding[i] = true;
  }
  return struck
    .map((values, i) => (values.length > 0 ? [...new Set(values)].sort(compareValues).join("+") : sounding[i] ? "_" : "~"))
    .join(" ");
}
