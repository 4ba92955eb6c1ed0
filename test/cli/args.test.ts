/** Command-line parsing: what is accepted, and the one line that says what was not. */
import { describe, expect, it } from "vitest";
import { bpmArg, HelpRequested, intArg, numberArg, parse, UsageError } from "../../src/cli/args.ts";

const OPTIONS = { bars: { type: "string" }, out: { type: "string", short: "o" }, json: { type: "boolean" } } as const;
const read = (...argv: string[]) => parse(argv, OPTIONS, "usage: npx magicbus test [--bars N] [-o F] [--json]");

/** The message of what `f` throws, and whether it points to --help. */
function refusal(f: () => unknown): [string, boolean] {
  try {
    f();
  } catch (err) {
    if (err instanceof UsageError) return [err.message, err.pointToHelp];
    throw err;
  }
  throw new Error("nothing was refused");
}

describe("parse", () => {
  it.each<[string[], Record<string, unknown>, string[]]>([
    [["--bars", "8", "a.ts"], { bars: "8" }, ["a.ts"]],
    [["--bars", "-3"], { bars: "-3" }, []], // a negative number is a value, to be range-checked
    [["--bars", "-.5"], { bars: "-.5" }, []],
    [["-o", "x.mid", "--json"], { out: "x.mid", json: true }, []],
    [["--out=-weird-name.mid"], { out: "-weird-name.mid" }, []],
    [["--", "--json"], {}, ["--json"]],
  ])("%j → %j %j", (argv, values, positionals) => {
    const r = read(...argv);
    expect({ ...r.values }).toEqual(values);
    expect(r.positionals).toEqual(positionals);
  });

  it.each<[string[], string]>([
    [["--frames", "4"], "unknown option --frames"],
    [["-x"], "unknown option -x"],
    [["--bars"], "--bars needs a value"],
    [["-o"], "-o needs a value"],
    [["-o", "--json"], '-o needs a value, got the option --json (for a value that starts with "-", write -o=VALUE)'],
    [["--json=yes"], "--json takes no value"],
  ])("%j is refused in one line that points to --help", (argv, message) => {
    expect(refusal(() => read(...argv))).toEqual([message, true]);
  });

  it.each([["--help"], ["-h"], ["a.ts", "--bogus", "--help"]])("%j asks for the usage, whatever else is there", (...argv) => {
    expect(() => read(...argv)).toThrow(HelpRequested);
    try {
      read(...argv);
    } catch (err) {
      expect((err as HelpRequested).usage).toBe("usage: npx magicbus test [--bars N] [-o F] [--json]");
    }
  });
});

describe("numbers", () => {
  it.each<[string | undefined, number]>([
    [undefined, 16],
    ["4", 4],
    ["128", 128],
  ])("intArg(%j) = %d", (value, n) => {
    expect(intArg("bars", value, 16, 4, 128)).toBe(n);
  });

  it.each(["3", "129", "-3", "abc", "4.5", "", " "])("intArg(%j) states the range", (value) => {
    expect(refusal(() => intArg("bars", value, 16, 4, 128))).toEqual([`--bars must be a whole number from 4 to 128, got "${value}"`, false]);
  });

  it.each(["0", "-5", "1000", "fast", ""])("bpmArg(%j) states the clock's range", (value) => {
    expect(refusal(() => bpmArg(value, 124))).toEqual([`--bpm must be a number from 1 to 999, got "${value}"`, false]);
  });

  it("numberArg takes fractions within the range", () => {
    expect(numberArg("latency", "12.5", 40, 0, 1000)).toBe(12.5);
    expect(bpmArg("127.5", 124)).toBe(127.5);
    expect(bpmArg(undefined, 124)).toBe(124);
  });
});
