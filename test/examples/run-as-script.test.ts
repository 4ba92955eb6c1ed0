/**
 * The examples run as a reader runs them (`npx tsx docs/examples/03-minimal.ts`, here `node
 * --import tsx`): each prints exactly the line docs/getting-started.md shows under its command,
 * and the out.mid it names holds that many notes. This is the `import.meta.url` part of each
 * example, which an import from a test never reaches; what the runs play is checked note by note
 * in seed-examples.test.ts.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { allNotes, readSmf } from "../../src/index.ts";
import { docBlocks, scratchFolder } from "../docs/code-blocks.ts";

const run = promisify(execFile);

/** Each `npx tsx docs/examples/…` line of getting-started.md with the `# …` line under it. */
function shown(): Array<{ script: string; prints: string }> {
  const lines = docBlocks("getting-started.md")
    .filter((b) => b.lang === "bash")
    .flatMap((b) => b.code.trim().split("\n"));
  return lines.flatMap((line, i) => {
    const m = /^npx tsx (docs\/examples\/[\w-]+\.ts)$/.exec(line.trim());
    const next = lines[i + 1]?.trim();
    return m && next?.startsWith("# ") ? [{ script: m[1]!, prints: next.slice(2) }] : [];
  });
}

const examples = shown();
const home = scratchFolder("examples-as-scripts");

describe("docs/examples run as scripts", () => {
  it("getting-started.md shows what examples 03 to 07 print", () => {
    expect(examples.map((e) => e.script)).toEqual(
      ["03-minimal", "04-integrator", "05-params", "06-scales", "07-randomness"].map((n) => `docs/examples/${n}.ts`),
    );
  });

  it.for(examples)("$script prints what the doc shows and writes that many notes", async ({ script, prints }, { expect }) => {
    // A folder each: every example writes out.mid where it runs.
    const cwd = join(home, script.replace(/\W/g, "_"));
    mkdirSync(cwd);
    const r = await run(process.execPath, ["--import", "tsx", resolve(script)], { cwd, encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${prints}\n`);
    const notes = Number(/^wrote out\.mid: (\d+) notes/.exec(prints)?.[1]);
    expect(existsSync(join(cwd, "out.mid"))).toBe(true);
    expect(allNotes(readSmf(readFileSync(join(cwd, "out.mid"))))).toHaveLength(notes);
  });
});
