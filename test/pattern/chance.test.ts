/**
 * `?` and `|`: the proportions are right (within 3σ over 10 000 cycles), and every draw is keyed
 * by position, so a query's span, a changed probability elsewhere or a replay changes nothing.
 */
import { describe, expect, it } from "vitest";
import { frac } from "../../src/pattern/fraction.ts";
import { hasOnset } from "../../src/pattern/hap.ts";
import { listEvents } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import { queryContext } from "../../src/pattern/pattern.ts";
import { degradeBy, sometimesBy, fast } from "../../src/pattern/transform.ts";

const CYCLES = 10_000;

/** How many onsets of each value the pattern plays over 10 000 cycles. */
function counts(source: string, seed = 0): Map<unknown, number> {
  const out = new Map<unknown, number>();
  for (const h of mini(source).events(0, CYCLES, queryContext(seed))) if (hasOnset(h)) out.set(h.value, (out.get(h.value) ?? 0) + 1);
  return out;
}

/** |observed − n·p| ≤ 3σ for a binomial(n, p). */
function expectProportion(observed: number, n: number, p: number): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(3 * sigma);
}

describe("degrade ?", () => {
  it.each([
    ["a?", "a", 1, 0.5],
    ["hh*8?", "hh", 8, 0.5],
    ["hh*8?0.3", "hh", 8, 0.7],
    ["hh*4?.9", "hh", 4, 0.1],
    ["[a b]?0.25", "b", 1, 0.75],
  ])("%s keeps %s with the right proportion", (source, value, perCycle, keep) => {
    expectProportion(counts(source).get(value) ?? 0, CYCLES * perCycle, keep);
  });

  it("two ? terms draw independently (about a quarter of cycles keep both)", () => {
    const events = listEvents(mini("a? b?"), 0, CYCLES);
    const kept = new Set(events.map((e) => e.begin));
    let both = 0;
    for (let c = 0; c < CYCLES; c++) if (kept.has(String(c)) && kept.has(`${2 * c + 1}/2`)) both++;
    expectProportion(both, CYCLES, 0.25);
  });

  it("repeated steps draw apart (hh?!4 is not one coin for four hits)", () => {
    const events = listEvents(mini("hh?!4"), 0, 1000);
    const perCycle = new Map<number, number>();
    for (const e of events) {
      const cycle = frac(e.begin).cycle();
      perCycle.set(cycle, (perCycle.get(cycle) ?? 0) + 1);
    }
    // With one shared coin every cycle would have 0 or 4 hits.
    expect([...perCycle.values()].some((n) => n > 0 && n < 4)).toBe(true);
  });

  it("a changed probability elsewhere shifts nothing", () => {
    const a = (source: string) => listEvents(mini(source), 0, 200).filter((e) => e.value === "a");
    expect(a("a*4? b*4?0.2")).toEqual(a("a*4? b*4?0.9"));
  });

  it("a higher probability only adds drops: every event kept at 0.6 is kept at 0.3", () => {
    const kept = (p: number) => new Set(listEvents(degradeBy(p, "a*16"), 0, 100).map((e) => e.begin));
    const at3 = kept(0.3);
    for (const b of kept(0.6)) expect(at3.has(b)).toBe(true);
    expect(at3.size).toBeGreaterThan(kept(0.6).size);
  });

  it("the seed and the node's name change the draws; the same seed replays them", () => {
    const play = (seed: number, node: string) => listEvents(mini("hh*16?"), 0, 4, queryContext(seed, node));
    expect(play(1, "drums")).toEqual(play(1, "drums"));
    expect(play(2, "drums")).not.toEqual(play(1, "drums"));
    expect(play(1, "hats")).not.toEqual(play(1, "drums"));
  });

  it("sometimesBy changes the events degradeBy would drop, and only those", () => {
    const all = listEvents(fast(8, "a"), 0, 50);
    const changed = listEvents(sometimesBy(0.5, (p) => p.withValue(() => "b"), "a*8", "s"), 0, 50);
    expect(changed.length).toBe(all.length);
    const kept = new Set(listEvents(degradeBy(0.5, "a*8", "s"), 0, 50).map((e) => e.begin));
    for (const e of changed) expect(e.value).toBe(kept.has(e.begin) ? "a" : "b");
  });
});

describe("random choice |", () => {
  it("chooses each option about a third of the time", () => {
    const c = counts("a|b|c");
    for (const v of ["a", "b", "c"]) expectProportion(c.get(v) ?? 0, CYCLES, 1 / 3);
  });

  it("chooses once per cycle of its own: [a|b]*4 chooses four times a cycle", () => {
    const c = counts("[a|b]*4");
    expectProportion(c.get("a") ?? 0, 4 * CYCLES, 0.5);
  });

  it("chooses a whole sequence: bd*2 | hh*3", () => {
    const c = counts("bd*2 | hh*3");
    expect((c.get("bd") ?? 0) % 2).toBe(0);
    expect((c.get("hh") ?? 0) % 3).toBe(0);
    expectProportion((c.get("bd") ?? 0) / 2, CYCLES, 0.5);
  });
});
