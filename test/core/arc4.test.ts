import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { Arc4, type Arc4State } from "../../src/core/arc4.ts";
import { SeededRandom } from "../../src/core/random.ts";

const keyed = (seed: string) => new Arc4(seedrandom(seed, { state: true }).state() as Arc4State);

describe("Arc4: seedrandom's ARC4 draws, computed from its state", () => {
  it("draws exactly what seedrandom draws, for many seeds, thousands of draws each", () => {
    let compared = 0;
    for (let k = 0; k < 50; k++) {
      const seed = `mil/${k}/perform`;
      const theirs = seedrandom(seed, { state: true });
      const ours = keyed(seed);
      for (let m = 0; m < 2000; m++) {
        const a = theirs();
        const b = ours.next();
        if (a !== b) throw new Error(`seed ${seed}, draw ${m}: seedrandom ${a}, Arc4 ${b}`);
        compared++;
      }
    }
    expect(compared).toBe(100_000);
  });

  it("its state is seedrandom's: either continues the other's stream", () => {
    const theirs = seedrandom("hand-over", { state: true });
    for (let m = 0; m < 37; m++) theirs();
    const ours = new Arc4(theirs.state() as Arc4State);
    const back = seedrandom("", { state: ours.state() });
    expect([ours.next(), ours.next()]).toEqual([theirs(), theirs()]);
    for (let m = 0; m < 2; m++) back();
    expect(back()).toBe(ours.next());
  });

  it("a SeededRandom saved and restored goes on with the same draws (normal values too)", () => {
    const r = new SeededRandom("save");
    for (let m = 0; m < 11; m++) r.gaussian(); // an odd count: a spare normal value is pending
    const saved = r.save();
    const ahead = [r.gaussian(), r.random(), r.int(0, 9), r.gaussian()];
    const again = new SeededRandom("other");
    again.restore(saved);
    expect([again.gaussian(), again.random(), again.int(0, 9), again.gaussian()]).toEqual(ahead);
  });
});
