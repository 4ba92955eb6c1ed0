/**
 * docs/getting-started.md, walked top to bottom as a newcomer would, in a copy of patches/:
 * every `npx magicbus render …` line prints the line the doc shows (the time it took aside), every
 * patch snippet is saved where its first line says, every program snippet runs and prints what its
 * comments say, and at the end `npm start`'s daemon plays the whole folder, the doc's patches
 * included, with no clash. Left to other tests: `npm install`, `npm test` (this suite) and the
 * `npx tsx docs/examples/…` lines (test/examples/run-as-script.test.ts).
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, readSmf } from "../../src/index.ts";
import { magicbus } from "../cli/magicbus.ts";
import { validateSmf } from "../midi/smf-validator.ts";
import { docBlocks, isPatch, isProgram, runProgram, scratchFolder, type Block } from "./code-blocks.ts";

const home = scratchFolder("getting-started");
cpSync(resolve("patches"), join(home, "patches"), { recursive: true });

/** What the doc shows: "in … ms" where the time goes. */
const asShown = (line: string) => line.replace(/, in \d+ ms$/, ", in … ms");
/** A line of shown output as a pattern: "…" stands for whatever this machine prints there. */
const pattern = (line: string) => new RegExp(`^${line.split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "m");

interface Step {
  title: string;
  run: () => Promise<void> | void;
}

function steps(blocks: Block[]): { steps: Step[]; start?: string[] } {
  const out: Step[] = [];
  let start: string[] | undefined;
  blocks.forEach((b, i) => {
    if (b.notRun) return;
    if (b.lang === "bash") {
      const lines = b.code.trim().split("\n");
      lines.forEach((line, j) => {
        if (line.trim() === "npm start") start = blocks[i + 1]!.code.trim().split("\n");
        const render = /^npx magicbus (render .*)$/.exec(line.trim());
        if (!render) return;
        const shown = lines[j + 1]?.replace(/^# /, "");
        out.push({ title: line, run: () => renders(render[1]!.split(/\s+/), shown) });
      });
    } else if (isPatch(b)) {
      const name = /^\/\/ (patches\/\w+\.ts)\n/.exec(b.code)?.[1];
      if (!name) throw new Error(`${b.doc} block ${b.index}: a patch snippet starts with // patches/NAME.ts`);
      out.push({ title: `save ${name}`, run: () => writeFileSync(join(home, name), b.code) });
    } else if (isProgram(b)) {
      out.push({ title: `run the program of block ${b.index}`, run: () => runs(b) });
    }
  });
  return { steps: out, start };
}

async function renders(args: string[], shown: string | undefined) {
  const r = await magicbus(args, { cwd: home });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(shown, "the doc shows the line it prints").toMatch(/^rendered /);
  expect(asShown(r.stdout.trim())).toBe(shown);
}

function runs(b: Block) {
  const r = runProgram(b, join(home, `block-${b.index}.ts`), home);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  // The comments at its end show what it prints, up to a "…".
  const shown = [...b.code.matchAll(/^\/\/ (.*)$/gm)].map((m) => m[1]!);
  const upTo = shown.indexOf("…");
  const expected = upTo < 0 ? shown : shown.slice(0, upTo);
  expect(expected.length).toBeGreaterThan(0);
  expect(r.stdout.split("\n").slice(0, expected.length)).toEqual(expected);
}

const walk = steps(docBlocks("getting-started.md"));

describe("docs/getting-started.md, top to bottom", () => {
  it("shows renders, patches, a program and npm start's output to check", () => {
    expect(walk.steps.filter((s) => s.title.startsWith("npx magicbus render")).length).toBeGreaterThanOrEqual(4);
    expect(walk.steps.filter((s) => s.title.startsWith("save ")).length).toBeGreaterThanOrEqual(2);
    expect(walk.start).toBeDefined();
  });

  for (const step of walk.steps) it(step.title, step.run);

  it("npm start plays the whole folder, the doc's patches included, and leaves a valid out.mid", async () => {
    // npm start is `live patches/`; here on the copy, without the socket a running daemon may
    // hold, and through the built-in synth on no audio device (a developer's speakers stay quiet).
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe("node src/cli/bin.js live patches/");
    // The REPL waits 2 s of music, then ends the set: the test itself never sleeps.
    const r = await magicbus(["live", join(home, "patches"), "--no-socket", "--no-audio"], {
      cwd: home,
      input: "await new Promise((r) => setTimeout(r, 2000))\n.quit\n",
      timeoutMs: 20_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const line of walk.start!.filter((l) => !l.startsWith("second terminal:"))) {
      expect(r.stdout).toMatch(pattern(line)); // the lines the doc shows, this machine's details aside
    }
    for (const file of readdirSync(join(home, "patches")).filter((f) => f.endsWith(".ts"))) {
      expect(r.stdout).toMatch(new RegExp(`^\\[1:1\\] ${file.replace(".", "\\.")}: \\+`, "m"));
    }
    expect(r.stdout).toMatch(/^\[1:1\] first\.ts: \+first_chords \+first_rhythm \+first_arp$/m);
    expect(r.stdout).toMatch(/^\[1:1\] echo\.ts: \+echo_rhythm \+echo_arp \+echo$/m);
    expect(r.stdout).toMatch(/^set ended at \[\d+:\d+\]; recording: out\.mid$/m);
    expect(existsSync(join(home, "out.journal.jsonl"))).toBe(true);
    const bytes = readFileSync(join(home, "out.mid"));
    expect(validateSmf(bytes).problems).toEqual([]);
    expect(allNotes(readSmf(bytes)).length).toBeGreaterThan(0);
  }, 30_000);
});
