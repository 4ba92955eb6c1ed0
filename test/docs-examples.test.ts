/**
 * The code in the docs works: every TypeScript block of docs/*.md that is a patch is rendered,
 * and every block that is a program (it imports from "magicbus") is run. A block marked
 * `<!-- not run: … -->` continues an earlier one and is skipped by design. getting-started.md is
 * walked top to bottom, commands and all, by test/docs/getting-started.test.ts.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Problem } from "../src/index.ts";
import { renderPatch } from "../src/render.ts";
import { docBlocks, isPatch, isProgram, runProgram, scratchFolder } from "./docs/code-blocks.ts";

const all = readdirSync("docs")
  .filter((f) => f.endsWith(".md") && f !== "getting-started.md")
  .flatMap(docBlocks)
  .filter((b) => !b.notRun);
const patches = all.filter(isPatch);
const programs = all.filter(isProgram);
// The files programs write stay in the git-ignored scratch/ folder.
const scratch = scratchFolder("doc-examples");
const cwd = scratch;

describe("code in the docs", () => {
  it("has patches and programs to check", () => {
    expect(patches.length).toBeGreaterThanOrEqual(3);
    expect(programs.length).toBeGreaterThanOrEqual(3);
  });

  for (const b of patches) {
    it(`${b.doc} block ${b.index} (a patch) renders 2 bars without a problem`, async () => {
      const file = join(scratch, `${b.doc.replace(".md", "")}-${b.index}.ts`);
      writeFileSync(file, b.code);
      const problems: Problem[] = [];
      const r = await renderPatch(file, { bars: 2, onProblem: (p) => problems.push(p) });
      expect(problems).toEqual([]);
      expect(r.notes).toBeGreaterThan(0);
    });
  }

  for (const b of programs) {
    it(`${b.doc} block ${b.index} (a program) runs`, async () => {
      // Programs that read a recording find one.
      await renderPatch(resolve("patches/basic.ts"), { bars: 2, outPath: join(cwd, "out.mid"), onProblem: () => {} });
      const r = runProgram(b, join(scratch, `${b.doc.replace(".md", "")}-${b.index}.ts`), cwd);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });
  }
});
