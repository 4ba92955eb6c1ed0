/** `magicbus pattern`, run as a performer runs it. */
import { describe, expect, it } from "vitest";
import { magicbus } from "../cli/magicbus.ts";

describe("magicbus pattern", () => {
  it("prints the onsets of one cycle as exact JSON, sorted by begin then value", async () => {
    const r = await magicbus(["pattern", "bd*2 [~ sd] <hh oh>, 0 1", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { begin: "0", end: "1/2", value: 0 }, // numbers before words
      { begin: "0", end: "1/6", value: "bd" },
      { begin: "1/6", end: "1/3", value: "bd" },
      { begin: "1/2", end: "1", value: 1 },
      { begin: "1/2", end: "2/3", value: "sd" },
      { begin: "2/3", end: "1", value: "hh" },
    ]);
  });

  it("takes --from and --cycles (onsets in [C, C+N))", async () => {
    const r = await magicbus(["pattern", "<a b c>/2", "--from", "3", "--cycles", "3", "--json"]);
    expect(JSON.parse(r.stdout)).toEqual([{ begin: "4", end: "6", value: "c" }]);
  });

  it("keys randomness by --seed: the same seed replays, another seed differs", async () => {
    const run = (seed: string) => magicbus(["pattern", "hh*16?", "--seed", seed, "--json"]).then((r) => r.stdout);
    const [a, again, b] = await Promise.all([run("1"), run("1"), run("2")]);
    expect(a).toBe(again);
    expect(a).not.toBe(b);
  });

  it("takes the pattern functions' code as the REPL writes it, and refuses a wrong argument with its message", async () => {
    const r = await magicbus(["pattern", 'every(2, rev, "a b c")', "--cycles", "2", "--json"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).map((e: { value: string }) => e.value)).toEqual(["c", "b", "a", "a", "b", "c"]);
    const bad = await magicbus(["pattern", 'fast("x", "a b")']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/fast: the factor: column 1: "x" is not a number/);
  });

  it("draws a grid without --json", async () => {
    const r = await magicbus(["pattern", "bd(3,8), ~ sd", "--cycles", "2"]);
    expect(r.stdout).toBe("cycles 0–2, 8 columns per cycle\nbd |x..x..x.|x..x..x.|\nsd |....x---|....x---|\n");
  });

  it("shows a bad pattern's column with a caret, exit status 2", async () => {
    const r = await magicbus(["pattern", "bd [sd hh"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`magicbus pattern: column 10: expected "]" to close the "[" at column 4, found end of pattern\n  bd [sd hh\n           ^\n`);
  });

  it("refuses a bad --cycles in one line", async () => {
    const r = await magicbus(["pattern", "a", "--cycles", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`magicbus pattern: --cycles must be a whole number from 1 to 10000, got "0"\n`);
  });

  it("asks for the pattern when there is none, and prints usage with --help", async () => {
    const none = await magicbus(["pattern"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/which pattern\?/);
    const help = await magicbus(["pattern", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx magicbus pattern "MINI-NOTATION"/);
  });
});
