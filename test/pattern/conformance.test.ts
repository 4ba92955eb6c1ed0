/** The mini-notation against the hand-worked table (conformance-table.ts). */
import { describe, expect, it } from "vitest";
import { frac } from "../../src/pattern/fraction.ts";
import { compareValues, listEvents, type ListedEvent } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import { CONFORMANCE } from "./conformance-table.ts";

/** "0 1/2 a; 1/2 1 b" → events, shifted by `by` cycles when a cycle repeats. */
function expected(text: string, by = 0): ListedEvent[] {
  if (text.trim() === "") return [];
  return text.split(";").map((e) => {
    const [b, en, v] = e.trim().split(/\s+/) as [string, string, string];
    const value = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    return { begin: frac(b).add(frac(by)).toString(), end: frac(en).add(frac(by)).toString(), value };
  });
}

const order = (a: ListedEvent, b: ListedEvent) => frac(a.begin).compare(frac(b.begin)) || compareValues(a.value, b.value) || frac(a.end).compare(frac(b.end));

describe("mini-notation conformance", () => {
  it("has at least 100 hand-worked strings", () => {
    expect(CONFORMANCE.length).toBeGreaterThanOrEqual(100);
  });

  it.each(CONFORMANCE)("%j plays %j (%s)", (source, events, how) => {
    const want = how === "each" ? [...expected(events), ...expected(events, 1)] : expected(events);
    const cycles = how === "each" ? 2 : how;
    expect(listEvents(mini(source), 0, cycles)).toEqual(want.sort(order));
  });
});
