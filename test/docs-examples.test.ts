/**
 * The code in the docs works and does what the docs say: every TypeScript block of docs/*.md that
 * is a patch is rendered, and every block that is a program (it imports from "magicbus") is run and
 * its result checked against what its doc says it does (the table below: one check per program,
 * found by a line of its code; a program that asserts its own results with node:assert needs
 * none). A block marked `<!-- not run: … -->` continues an earlier one and is
 * skipped by design. getting-started.md is walked top to bottom, commands and all, by
 * test/docs/getting-started.test.ts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, Clock, formatPosition, NoteEvent, readSmf, type Node, type Problem } from "../src/index.ts";
import { renderPatch } from "../src/render.ts";
import { docBlocks, isPatch, isProgram, runProgram, scratchFolder, type Block } from "./docs/code-blocks.ts";
import { virtualSystem } from "./helpers.ts";

const all = readdirSync("docs")
  .filter((f) => f.endsWith(".md") && f !== "getting-started.md")
  .flatMap(docBlocks)
  .filter((b) => !b.notRun);
const patches = all.filter(isPatch);
const programs = all.filter(isProgram);
// The files programs write stay in the git-ignored scratch/ folder.
const scratch = scratchFolder("doc-examples");
const cwd = scratch;

interface Ran {
  /** What it printed, a line each. */
  lines: string[];
  /** Where the program was saved (a module a check may import). */
  file: string;
}

/** What each program of the docs does, by a line of its code: checked on what it printed and wrote. */
const CHECKS: Array<{ line: string; does: string; check: (ran: Ran) => Promise<void> | void }> = [
  {
    line: 'compose({ bars: 32, key: "D", mode: "minor"',
    does: "composes a piece in D minor and writes every note it counts to nocturne.mid",
    check: ({ lines }) => {
      expect(lines).toHaveLength(3);
      // bpm, metre, form, key, then how many sections, tension points and pedal changes
      expect(lines[1]).toMatch(/^\d+ \d+\/\d+ .+ D minor [1-9]\d* [1-9]\d* [1-9]\d*$/);
      const noteCount = Number(lines[2]);
      expect(noteCount).toBeGreaterThan(32); // more than a note a bar
      expect(allNotes(readSmf(readFileSync(join(cwd, "nocturne.mid"))))).toHaveLength(noteCount);
    },
  },
  {
    line: 'new Composer({ archetype: "Waltz", seed: 1 })',
    does: "phrases from bar 0 on; after end() the last phrase is in the steered key, ends on an authentic cadence, and then it stops",
    check: ({ lines }) => {
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^0 \d+ \S+ \d+$/);
      expect(Number(lines[0]!.split(" ")[3])).toBeGreaterThan(0);
      expect(lines[1]).toBe("E minor authentic true true");
    },
  },
  {
    line: "export class Pulse extends Node {",
    does: "plays `pitch` on every `every`-th step of the clock, 9 in 10 of them, and refuses a bad `every`",
    check: async ({ file }) => {
      const { Pulse } = (await import(file)) as { Pulse: new (bus: unknown, o?: object) => Node };
      const s = virtualSystem({ seed: 3 });
      s.system.add(new Clock(s.bus, { bpm: 120, stepsPerBeat: 4 }));
      const pulse = s.system.add(new Pulse(s.bus, { name: "pulse" }));
      const steps: number[] = [];
      s.bus.on(NoteEvent, (n) => {
        expect([n.pitch, n.channel]).toEqual([36, 9]);
        steps.push(n.tick! / 240);
      });
      await s.system.runFor(32); // 256 sixteenths: 64 on every 4th
      expect(steps.every((st) => st % 4 === 0)).toBe(true);
      expect(steps.length).toBeGreaterThan(50);
      expect(steps.length).toBeLessThan(64);
      expect(() => pulse.setParam("every", 0)).toThrow("pulse.every: expected an integer from 1 to 64, got 0");
      pulse.setParam("every", 2);
      const from = steps.length;
      await s.system.runFor(8);
      expect(steps.slice(from).some((st) => st % 4 === 2)).toBe(true);
      expect(s.problems).toEqual([]);
    },
  },
  {
    line: 'const song = readSmf(readFileSync("out.mid"));',
    does: "lists every note of out.mid: its position, pitch, velocity and length in ticks",
    check: ({ lines }) => {
      const notes = allNotes(readSmf(readFileSync(join(cwd, "out.mid"))));
      expect(lines).toHaveLength(notes.length);
      expect(lines.length).toBeGreaterThan(0);
      lines.forEach((line, i) => {
        const n = notes[i]!;
        expect(line).toBe(`${formatPosition(n.tick)} ${n.pitch} ${n.velocity} ${n.endTick - n.tick}`);
      });
      expect(lines[0]).toMatch(/^1:1\.000 /); // basic.ts starts on the downbeat
    },
  },
];

/** A program that asserts its own results with node:assert: the run failing is the check. */
const SELF_CHECKING = { line: "", does: "checks its own results with node:assert", check: () => {} };
const checkOf = (b: Block) =>
  CHECKS.find((c) => b.code.includes(c.line)) ?? (/from "node:assert"/.test(b.code) && /\bassert\.\w+\(/.test(b.code) ? SELF_CHECKING : undefined);

describe("code in the docs", () => {
  it("has patches and programs to check", () => {
    expect(patches.length).toBeGreaterThanOrEqual(3);
    expect(programs.length).toBeGreaterThanOrEqual(3);
  });

  it("has a check of what each program does, and each check still finds its program", () => {
    for (const b of programs) expect(checkOf(b), `${b.doc} block ${b.index}: add what it does to CHECKS`).toBeDefined();
    for (const c of CHECKS) expect(programs.some((b) => b.code.includes(c.line)), c.line).toBe(true);
  });

  for (const b of patches) {
    it(`${b.doc} block ${b.index} (a patch) renders 2 bars without a problem, every node it names playing`, async () => {
      const file = join(scratch, `${b.doc.replace(".md", "")}-${b.index}.ts`);
      writeFileSync(file, b.code);
      const problems: Problem[] = [];
      const r = await renderPatch(file, { bars: 2, onProblem: (p) => problems.push(p) });
      expect(problems).toEqual([]);
      expect(r.notes).toBeGreaterThan(0);
      // helper("name", …): each node the block names is still running at the end (none failed)
      const named = [...b.code.matchAll(/^\s*\w+\("(\w+)"/gm)].map((m) => m[1]!);
      expect(named.length).toBeGreaterThan(0);
      for (const name of named) expect(r.nodes).toContain(name);
      // a block headed "// patches/NAME.ts" of a file the repository has shows that file: it plays what the file plays
      const shows = /^\/\/ (patches\/[\w-]+\.ts)\n/.exec(b.code)?.[1];
      if (shows && existsSync(shows)) {
        const real = await renderPatch(resolve(shows), { bars: 2, onProblem: (p) => problems.push(p) });
        expect(allNotes(r.song)).toEqual(allNotes(real.song));
      }
    });
  }

  for (const b of programs) {
    const c = checkOf(b);
    it(`${b.doc} block ${b.index} (a program) ${c?.does ?? "runs"}`, async () => {
      // Programs that read a recording find one.
      await renderPatch(resolve("patches/basic.ts"), { bars: 2, outPath: join(cwd, "out.mid"), onProblem: () => {} });
      const file = join(scratch, `${b.doc.replace(".md", "")}-${b.index}.ts`);
      const r = runProgram(b, file, cwd);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(existsSync(file)).toBe(true);
      await c?.check({ lines: r.stdout.split("\n").filter((l) => l !== ""), file });
    });
  }
});
