/**
 * The layers (docs/architecture.md, "Layers"): which part of the code may import which. Every
 * relative import of every file under src/ and of prelude.ts is read — static `import`/`export …
 * from`, `import("…")` and a worker's `new URL("./x.mjs", import.meta.url)` — resolved to a file,
 * and checked against the table below. There is no list of exceptions: a file that needs to break
 * a rule is in the wrong place, or the table is wrong and changes here and in the docs together.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Each layer, the files it owns (a folder under src/, or one file), and the layers it may import. */
const LAYERS: ReadonlyArray<{ layer: string; owns: string; mayImport: readonly string[] }> = [
  { layer: "core", owns: "src/core/", mayImport: [] },
  { layer: "song", owns: "src/song/", mayImport: ["core"] },
  { layer: "music", owns: "src/music/", mayImport: ["core", "song"] },
  { layer: "pattern", owns: "src/pattern/", mayImport: ["core", "music"] },
  { layer: "mil", owns: "src/mil/", mayImport: ["core", "song", "music"] },
  { layer: "midi", owns: "src/midi/", mayImport: ["core", "song"] },
  { layer: "synth", owns: "src/synth/", mayImport: ["core", "song", "midi"] },
  { layer: "output", owns: "src/output/", mayImport: ["core", "song", "pattern", "midi", "synth"] },
  { layer: "patch", owns: "src/patch/", mayImport: ["core", "song", "music", "midi"] },
  { layer: "api", owns: "src/index.ts", mayImport: ["core", "song", "music", "pattern", "mil", "midi", "synth", "output", "patch"] },
  { layer: "prelude", owns: "prelude.ts", mayImport: ["core", "song", "music", "pattern", "mil", "midi", "synth", "output", "patch", "api"] },
  { layer: "live", owns: "src/live/", mayImport: ["core", "song", "music", "pattern", "mil", "midi", "synth", "output", "patch", "api", "prelude"] },
  { layer: "render", owns: "src/render.ts", mayImport: ["core", "song", "music", "pattern", "mil", "midi", "synth", "output", "patch", "api", "prelude", "live"] },
  { layer: "cli", owns: "src/cli/", mayImport: ["core", "song", "music", "pattern", "mil", "midi", "synth", "output", "patch", "api", "prelude", "live", "render"] },
];

const ROOT = process.cwd();

function layerOf(file: string): string | undefined {
  const path = relative(ROOT, file);
  return LAYERS.find((l) => (l.owns.endsWith("/") ? path.startsWith(l.owns) : path === l.owns))?.layer;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

interface Import {
  file: string;
  line: number;
  specifier: string;
}

/** The relative specifiers a file loads, each with its line. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const kind = file.endsWith(".mjs") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: Import[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined) => {
    if (!literal || !ts.isStringLiteralLike(literal) || !literal.text.startsWith(".")) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ file, line, specifier: literal.text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "URL" &&
      node.arguments?.[1]?.getText(source) === "import.meta.url"
    )
      add(node, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every broken rule, one line each: `file:line: what it imports — the rule`. */
function violations(): string[] {
  const files = [...sources(join(ROOT, "src")), join(ROOT, "prelude.ts")];
  const problems: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    const where = relative(ROOT, file);
    if (!from) {
      problems.push(`${where}: in no layer — give its folder a row in the table (test/repo/layers.test.ts, docs/architecture.md)`);
      continue;
    }
    const allowed = LAYERS.find((l) => l.layer === from)!.mayImport;
    for (const { line, specifier } of importsOf(file)) {
      if (specifier.endsWith(".json")) continue; // data (package.json), not code
      const target = resolve(dirname(file), specifier);
      const shown = relative(ROOT, target);
      if (!existsSync(target)) {
        problems.push(`${where}:${line}: imports ${specifier}, which does not exist`);
        continue;
      }
      const to = layerOf(target);
      if (to === from) continue;
      if (!to) problems.push(`${where}:${line}: imports ${shown}, which is in no layer`);
      else if (!allowed.includes(to))
        problems.push(`${where}:${line}: imports ${shown} — ${from} may import ${allowed.join(", ") || "nothing of ours"}, not ${to}`);
    }
  }
  return problems;
}

describe("the layers", () => {
  it("name only layers that exist, each importing only layers below it", () => {
    const order = LAYERS.map((l) => l.layer);
    for (const { layer, mayImport } of LAYERS) {
      for (const below of mayImport) expect(order.indexOf(below), `${layer} → ${below}`).toBeLessThan(order.indexOf(layer));
    }
  });

  it("are kept by every import under src/ and in prelude.ts", () => {
    expect(violations()).toEqual([]);
  });

  it("are read from every kind of import (the reader finds a worker's boot file and a type import)", () => {
    const specifiers = (file: string) => importsOf(join(ROOT, file)).map((i) => i.specifier);
    expect(specifiers("src/output/output-thread.ts")).toContain("./worker-boot.mjs");
    expect(specifiers("src/output/worker-boot.mjs")).toContain("./output-worker.ts");
  });
});
