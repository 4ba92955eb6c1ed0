/** Bad input is an error that says what is wrong and what is valid. */
import { describe, expect, it } from "vitest";
import { compose } from "../../src/mil/whole-piece.ts";
import { Composer } from "../../src/mil/composer.ts";
import { MilInputError } from "../../src/mil/options.ts";

const fails = (f: () => unknown, pattern: RegExp) => {
  expect(f).toThrow(MilInputError);
  expect(f).toThrow(pattern);
};

describe("bad input", () => {
  it("unknown archetype or pianist lists the valid names", () => {
    fails(() => compose({ archetype: "Polka" }), /unknown archetype "Polka".*Nocturne.*Étude.*Impromptu.*Random/);
    fails(() => compose({ pianist: "Paderewski" }), /unknown pianist "Paderewski".*Neutral.*Glenn Gould.*Chopin/);
  });

  it("a near miss is named, as the REPL names it", () => {
    fails(() => compose({ archetype: "Nocturn" }), /unknown archetype "Nocturn"; did you mean "Nocturne"\? \(valid: Nocturne, .*Impromptu, Random\)/);
    fails(() => compose({ pianist: "Chopn" }), /unknown pianist "Chopn"; did you mean "Chopin"\?/);
    fails(() => compose({ groove: "swng" as "swing" }), /unknown groove "swng"; did you mean "swing"\? \(valid: .*none\)/);
    const c = new Composer({ archetype: "Waltz", seed: 1 });
    fails(() => c.steer({ archetype: "Tocata" }), /unknown archetype "Tocata"; did you mean "Toccata"/);
    fails(() => c.steer({ pianist: "Lizst" }), /unknown pianist "Lizst"; did you mean "Liszt"/);
  });

  it("character and performance values must lie in [0, 1], with the right count", () => {
    fails(() => compose({ character: [0.5, 1.2, 0.5, 0.5, 0.5] }), /darkness must be a number from 0 to 1, got 1.2/);
    fails(() => compose({ character: [0.5, 0.5, 0.5, 0.5] }), /5 values/);
    fails(() => compose({ character: [0.5, Number.NaN, 0.5, 0.5, 0.5] }), /darkness/);
    fails(() => compose({ performance: [0.5, 0.5, 0.5, -0.1, 0.5, 0.5] }), /dynamics must be a number from 0 to 1/);
  });

  it("bars outside 4–128, unknown keys and modes", () => {
    for (const bars of [0, 1, 3, 129, 4.5]) fails(() => compose({ bars }), /bars must be a whole number from 4 to 128/);
    fails(() => compose({ key: "H" }), /unknown key "H": use one of C C# D Eb E F F# G Ab A Bb B/);
    fails(() => compose({ key: 12 }), /pitch class 0–11/);
    fails(() => compose({ mode: "dorian" as "major" }), /unknown mode "dorian": use major or minor/);
    fails(() => compose({ bpm: 5 }), /bpm must be from 20 to 300/);
  });

  it("both an archetype and a character (or pianist and performance) is ambiguous", () => {
    fails(() => compose({ archetype: "Waltz", character: [0.5, 0.5, 0.5, 0.5, 0.5] }), /archetype or a character/);
    fails(() => compose({ pianist: "Liszt", performance: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }), /pianist or a performance/);
  });

  it("the live composer validates steering the same way", () => {
    const c = new Composer({ archetype: "Waltz", seed: 1 });
    fails(() => c.steer({ archetype: "Polka" }), /unknown archetype/);
    fails(() => c.steer({ character: { energy: 2 } }), /energy must be a number from 0 to 1/);
    fails(() => c.steer({ pianist: "Nobody" }), /unknown pianist/);
  });

  it("accepts the forgiving spellings", () => {
    expect(compose({ bars: 4, archetype: "ETUDE", pianist: "gould", key: "db", mode: "minor" }).keyName).toBe("C# minor");
    expect(compose({ bars: 4, key: "F♯" }).tonic).toBe(6);
    expect(compose({ bars: 4, key: 10 }).keyName).toBe("Bb major");
  });
});
