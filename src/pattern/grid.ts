/**
 * A pattern's cycles drawn as text, one row per value, one column per step of the cycle's finest
 * subdivision: what `magicbus pattern` prints without --json.
 *
 *   bd |x...x...|x...x...|
 *   sd |..x...x.|..x...x.|
 *
 * `x` is an onset, `-` the event still sounding, `.` nothing.
 */
import { frac } from "./fraction.ts";
import { compareValues, type Onset } from "./listing.ts";

/** More columns than this per cycle and the grid is too fine to read: it is drawn at this many. */
export const MAX_COLUMNS = 64;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Columns per cycle: the least common denominator of every onset and end, capped. */
export function columnsPerCycle(events: readonly Onset<unknown>[]): number {
  let lcd = 1;
  for (const e of events) {
    for (const t of [e.begin, e.end]) {
      lcd = (lcd / gcd(lcd, t.d)) * t.d;
      if (lcd > MAX_COLUMNS) return MAX_COLUMNS;
    }
  }
  return lcd;
}

/** The grid for cycles [from, from + cycles); `events` are the onsets in that range. */
export function drawGrid(events: readonly Onset<unknown>[], from: number, cycles: number): string {
  const columns = columnsPerCycle(events);
  const values = [...new Set(events.map((e) => e.value))].sort(compareValues);
  const width = Math.max(1, ...values.map((v) => String(v).length));
  const start = frac(from);
  const step = frac(1, columns);
  const col = (t: ReturnType<typeof frac>) => Math.floor(t.sub(start).div(step).toNumber());
  const total = columns * cycles;
  const rows = values.map((v) => {
    const cells = new Array<string>(total).fill(".");
    for (const e of events) {
      if (e.value !== v) continue;
      const b = col(e.begin);
      const last = Math.min(total - 1, Math.ceil(e.end.sub(start).div(step).toNumber()) - 1);
      for (let i = b + 1; i <= last; i++) if (cells[i] === ".") cells[i] = "-";
      if (b >= 0 && b < total) cells[b] = "x";
    }
    const bars = [];
    for (let c = 0; c < cycles; c++) bars.push(cells.slice(c * columns, (c + 1) * columns).join(""));
    return `${String(v).padEnd(width)} |${bars.join("|")}|`;
  });
  const fineNote = columns === MAX_COLUMNS ? ` (finer onsets drawn in the nearest column)` : "";
  const header = `cycles ${from}–${from + cycles}, ${columns} column${columns === 1 ? "" : "s"} per cycle${fineNote}`;
  return [header, ...(rows.length ? rows : ["(no events)"])].join("\n");
}
