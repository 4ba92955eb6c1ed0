import { describe, expect, it } from "vitest";
import { defaultScales } from "../../../src/index.ts";
import { complete, type CompletionSources } from "../../../src/live/repl/complete.ts";

const scales = defaultScales().allNames();
const sources: CompletionSources = {
  names: () => ["arp", "euc", "bpm"],
  extra: () => ["arp.scale", "arp.gate", "euc.pulses"],
  commands: () => ["help", "nodes", "quit"],
  lookup: () => undefined,
  values: (node, param) => (node === "arp" && param === "scale" ? scales : node === "arp" && param === "pattern" ? ["up", "down", "updown"] : []),
};

describe("REPL completion", () => {
  it("completes a param's values inside the string being assigned, closing the quote", () => {
    const [words, replaced] = complete('arp.scale = "mi', sources);
    expect(replaced).toBe('"mi');
    expect(words).toContain('"minor"');
    expect(words).toContain('"minor_pentatonic"');
    expect(words.every((w) => w.startsWith('"mi') && w.endsWith('"'))).toBe(true);
    expect(complete("arp.pattern = 'upd", sources)).toEqual([["'updown'"], "'upd"]);
    // A param without a list of values offers nothing, rather than names in scope.
    expect(complete('euc.pulses = "', sources)).toEqual([[], '"']);
  });

  it("completes the word being typed inside a pattern's string with drum names, in an assignment and in a pattern function", () => {
    const drums = { ...sources, patternWords: () => ["bd", "sd", "sd2", "hh", "oh", "sp"] };
    expect(complete('drums.pattern = "bd s', drums)).toEqual([["sd", "sd2", "sp"], "s"]);
    expect(complete('drums.pattern = every(2, rev, "bd [~ s', drums)).toEqual([["sd", "sd2", "sp"], "s"]);
    expect(complete('drums.pattern = fast(2, "hh*2 o', drums)).toEqual([["oh"], "o"]);
    // Outside a pattern, strings keep their own completion.
    expect(complete('arp.scale = "mino', drums)[0]).toContain('"minor"');
  });

  it("still completes commands, names and node.param", () => {
    expect(complete(".no", sources)).toEqual([[".nodes"], ".no"]);
    expect(complete("ar", sources)).toEqual([["arp"], "ar"]);
    expect(complete("arp.g", sources)).toEqual([["arp.gate"], "arp.g"]);
  });
});
