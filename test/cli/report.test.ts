/** What a command's failure looks like to the performer, and its exit status. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { HelpRequested, UsageError } from "../../src/cli/args.ts";
import { report } from "../../src/cli/report.ts";

function said(err: unknown, env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const status = report("render", err, { stdout, stderr, env });
  return { status, stdout: String(stdout.read() ?? ""), stderr: String(stderr.read() ?? "") };
}

describe("report", () => {
  it.each<[string, unknown, { status: number; stdout: string; stderr: string }]>([
    ["help: the usage on stdout, 0", new HelpRequested("usage: npx magicbus render PATCH"), { status: 0, stdout: "usage: npx magicbus render PATCH\n", stderr: "" }],
    ["a wrong value: one line, 2", new UsageError('--bars must be a whole number from 1 to 100000, got "0"'), { status: 2, stdout: "", stderr: 'magicbus render: --bars must be a whole number from 1 to 100000, got "0"\n' }],
    ["a wrong shape: one line pointing to --help, 2", new UsageError("unknown option --frames", true), { status: 2, stdout: "", stderr: "magicbus render: unknown option --frames (npx magicbus render --help)\n" }],
    ["anything else: its first line, 1", new Error("disk on fire\nmore detail"), { status: 1, stdout: "", stderr: "magicbus render: disk on fire\n" }],
    ["not even an Error: 1", "a string", { status: 1, stdout: "", stderr: "magicbus render: a string\n" }],
  ])("%s", (_what, err, expected) => {
    expect(said(err)).toEqual(expected);
  });

  it("adds the stack only with MAGICBUS_DEBUG=1", () => {
    const err = new Error("boom");
    expect(said(err).stderr).toBe("magicbus render: boom\n");
    expect(said(err, { MAGICBUS_DEBUG: "1" }).stderr).toBe(`magicbus render: boom\n${err.stack}\n`);
  });
});
