import { describe, expect, it } from "vitest";
import { FixedSequenceRandom, randomFor, SeededRandom } from "../../src/index.ts";

const draw = (r: { random(): number }, n: number) => Array.from({ length: n }, () => r.random());

describe("randomness", () => {
  it("the same (seed, node) gives the same stream; another node or seed another stream", () => {
    expect(draw(randomFor(1, "arp"), 5)).toEqual(draw(randomFor(1, "arp"), 5));
    expect(draw(randomFor(1, "arp"), 5)).not.toEqual(draw(randomFor(1, "euc"), 5));
    expect(draw(randomFor(1, "arp"), 5)).not.toEqual(draw(randomFor(2, "arp"), 5));
  });

  it("chance(1) and chance(0) draw nothing, so the stream is not shifted", () => {
    const a = new SeededRandom("s");
    const b = new SeededRandom("s");
    a.chance(1);
    a.chance(0);
    expect(a.random()).toBe(b.random());
  });

  it("save/restore replays the stream from a point", () => {
    const r = new SeededRandom("x");
    draw(r, 3);
    const state = r.save();
    const next = draw(r, 4);
    r.restore(state);
    expect(draw(r, 4)).toEqual(next);
  });

  it("int and choice stay in range and reach every value", () => {
    const r = new SeededRandom("range");
    const ints = new Set(Array.from({ length: 500 }, () => r.int(3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    const picks = new Set(Array.from({ length: 200 }, () => r.choice(["a", "b", "c"])));
    expect(picks.size).toBe(3);
    expect(() => r.choice([])).toThrow(/at least one item/);
  });

  it("a fixed sequence policy replays its values", () => {
    const f = new FixedSequenceRandom([0.1, 0.9]);
    expect([f.chance(0.5), f.chance(0.5), f.chance(0.5)]).toEqual([true, false, true]);
  });
});
