/**
 * The code in the docs, and how each kind of block runs: a patch renders, a program (it imports
 * from "magicbus") runs through tsx. A block after `<!-- not run: … -->` continues an earlier one
 * and is skipped by design.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface Block {
  doc: string;
  /** Which block of the doc it is, counting from 1 (every fenced block, whatever its language). */
  index: number;
  /** The fence's language: "ts", "bash", or "" for plain output. */
  lang: string;
  code: string;
  notRun: boolean;
}

/** Every fenced block of one doc, in order. */
export function docBlocks(doc: string): Block[] {
  const text = readFileSync(join("docs", doc), "utf8");
  const re = /(<!-- not run:[^>]*-->\s*\n)?```(\w*)\n([\s\S]*?)```/g;
  const out: Block[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ doc, index: out.length + 1, lang: m[2]!, code: m[3]!, notRun: Boolean(m[1]) });
  return out;
}

export const isPatch = (b: Block) => b.lang === "ts" && /export default patch\(/.test(b.code);
export const isProgram = (b: Block) => b.lang === "ts" && !isPatch(b) && /from "magicbus"/.test(b.code);

/**
 * A fresh folder in the repository's git-ignored scratch/: programs must sit inside the package
 * for `import "magicbus"` (and tsx) to resolve.
 */
export function scratchFolder(prefix: string): string {
  mkdirSync(resolve("scratch"), { recursive: true });
  return mkdtempSync(join(resolve("scratch"), `${prefix}-`));
}

/** Write a program block to `file` and run it with tsx in `cwd`. */
export function runProgram(b: Block, file: string, cwd: string): SpawnSyncReturns<string> {
  writeFileSync(file, b.code.includes("export") || b.code.includes("import") ? b.code : `${b.code}\nexport {};\n`);
  return spawnSync(process.execPath, ["--import", "tsx", file], { cwd, encoding: "utf8", timeout: 30_000 });
}
