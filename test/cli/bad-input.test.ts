/**
 * Bad input on the command line gets one line on stderr, `magicbus <command>: …`, and exit 2;
 * --help gets the usage on stdout and exit 0. Never a stack trace, and never a daemon or a render
 * started before the refusal.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { magicbus } from "./magicbus.ts";

const home = mkdtempSync(join(tmpdir(), "magicbus-bad-input-"));
cpSync(resolve("patches"), join(home, "patches"), { recursive: true });
writeFileSync(join(home, "set.journal.jsonl"), "");
const missing = join(home, "no-such-folder");
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

const ONE_LINE = /^magicbus [a-z]+: [^\n]+\n$/;

describe.concurrent("magicbus COMMAND --help", () => {
  // (-h is the same option: args.test.ts)
  it.each(["live", "replay", "render", "repl", "ports", "compose"])("%s --help prints its usage to stdout and exits 0", async (command) => {
    const r = await magicbus([command, "--help"], { cwd: home });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: npx magicbus ${command}\\b`));
  });

  it.each(["--version", "-V"])("magicbus %s prints the version from package.json", async (flag) => {
    const r = await magicbus([flag]);
    expect(r).toEqual({ status: 0, stdout: `magicbus ${version}\n`, stderr: "" });
  });
});

describe.concurrent("one line and exit 2 for bad input", () => {
  const p = join(home, "patches");
  // One process per kind of refusal; the whole table of values is in args.test.ts, in-process.
  const cases: [string, string[], string][] = [
    ["tempo 0 to the daemon", ["live", p, "--bpm", "0"], `magicbus live: --bpm must be a number from 1 to 999, got "0"`],
    ["a TCP port out of range (checked before the daemon starts)", ["live", p, "--no-socket", "--tcp", "0"], `magicbus live: --tcp must be a whole number from 1 to 65535, got "0"`],
    ["a recording into a missing folder", ["live", p, "--record", join(missing, "set.mid")], `magicbus live: cannot write ${join(missing, "set.mid")}: the folder ${missing} does not exist`],
    ["negative bars to compose", ["compose", "--bars", "-3"], `magicbus compose: --bars must be a whole number from 4 to 128, got "-3"`],
    ["bars that are no number", ["compose", "--bars", "abc"], `magicbus compose: --bars must be a whole number from 4 to 128, got "abc"`],
    ["a piece into a missing folder", ["compose", "-o", join(missing, "x.mid")], `magicbus compose: cannot write ${join(missing, "x.mid")}: the folder ${missing} does not exist`],
    ["a render into a missing folder", ["render", join(p, "basic.ts"), "-o", join(missing, "x.mid")], `magicbus render: cannot write ${join(missing, "x.mid")}: the folder ${missing} does not exist`],
    ["a replay into a missing folder", ["replay", join(home, "set.journal.jsonl"), "-o", join(missing, "x.mid")], `magicbus replay: cannot write ${join(missing, "x.mid")}: the folder ${missing} does not exist`],
    ["a folder to render", ["render", p], `magicbus render: ${p} is a folder; render takes one patch file, e.g. ${join(p, "basic.ts")} or ${join(p, "bass.ts")} or ${join(p, "drums.ts")}`],
    ["a patch that is not there", ["render", join(home, "nothere.ts")], `magicbus render: no such patch file: ${join(home, "nothere.ts")}`],
    ["a render to a file that is neither .mid nor .wav", ["render", join(p, "basic.ts"), "-o", "set.mp3"], "magicbus render: cannot write set.mp3: give the output file the extension .mid (MIDI) or .wav (audio through the built-in synth)"],
    ["a soundfont for a piece written as MIDI", ["compose", "--soundfont", "piano.sf2"], "magicbus compose: --soundfont is for audio, and the output is MIDI: name a .wav with -o to hear the soundfont"],
    ["an OSC receiver without a port", ["live", p, "--osc-out", "localhost"], `magicbus live: --osc-out "localhost": a receiver needs a host and a port; give superdirt, superdirt:HOST:PORT, superdirt:PORT or HOST:PORT (e.g. 127.0.0.1:57120)`],
    ["a Link quantum without Link (nothing joins the network)", ["live", p, "--quantum", "8"], "magicbus live: --quantum is the bar length of an Ableton Link session: it goes with --link (npx magicbus live --help)"],
    ["a Link quantum out of range", ["live", p, "--link", "--quantum", "0"], `magicbus live: --quantum must be a whole number from 1 to 64, got "0"`],
    ["a soundfont that is not there", ["replay", join(home, "set.journal.jsonl"), "-o", "set.wav", "--soundfont", "nothere.sf2"], "magicbus replay: no such soundfont: nothere.sf2"],
  ];
  it.each(cases)("%s", async (_what, args, line) => {
    const cwd = mkdtempSync(join(home, "run-"));
    const r = await magicbus(args, { cwd, input: ".quit\n" });
    expect(r.stderr).toBe(`${line}\n`);
    expect(r.stderr).toMatch(ONE_LINE);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(readdirSync(cwd)).toEqual([]); // nothing started, nothing written
    expect(existsSync(missing)).toBe(false); // and no folder made
  });

  it("compose's usage states the range of --bars that its error states", async () => {
    const r = await magicbus(["compose", "--help"]);
    expect(r.stdout).toContain("[--bars 4-128]");
  });

  it("an unknown command lists the commands in one line", async () => {
    const r = await magicbus(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`magicbus: unknown command "frobnicate"; the commands are live, replay, render, repl, ports, compose, pattern (npx magicbus --help)\n`);
  });
});
