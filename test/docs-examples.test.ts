/**
 * The code in the docs works: every TypeScript block of docs/*.md that is a patch is rendered,
 * and every block that is a program (it imports from "magicbus") is run. A block marked
 * `<!-- not run: … -->` continues an earlier one and is skipped by design.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Problem } from "../src/index.ts";
import { renderPatch } from "../src/render.ts";

interface Block {
  doc: string;
  index: number;
  code: string;
}

function blocks(): Block[] {
  const out: Block[] = [];
  for (const doc of readdirSync("docs").filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join("docs", doc), "utf8");
    const re = /(<!-- not run:[^>]*-->\s*\n)?```ts\n([\s\S]*?)```/g;
    let m: RegExpExecArray | null;
    let index = 0;
    while ((m = re.exec(text))) {
      index++;
      if (!m[1]) out.push({ doc, index, code: m[2]! });
    }
  }
  return out;
}

const all = blocks();
const patches = all.filter((b) => /export default patch\(/.test(b.code));
const programs = all.filter((b) => !patches.includes(b) && /from "magicbus"/.test(b.code));
// Programs must sit inside the package for `import "magicbus"` (and tsx) to resolve; they run
// there too, so the files they write stay in the git-ignored scratch/ folder.
mkdirSync(resolve("scratch"), { recursive: true });
const scratch = mkdtempSync(join(resolve("scratch"), "doc-examples-"));
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
      const file = join(scratch, `${b.doc.replace(".md", "")}-${b.index}.ts`);
      writeFileSync(file, b.code.includes("export") || b.code.includes("import") ? b.code : `${b.code}\nexport {};\n`);
      const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd, encoding: "utf8", timeout: 30_000 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });
  }
});
