/** The patch loader: compile errors and load errors point at file:line:col with a code frame. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PatchLoader } from "../../src/live/patch-loader.ts";
import { PatchError } from "../../src/live/patch-error.ts";
import { createSession } from "../../src/live/session.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-loader-"));
function patchFile(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}
const loader = new PatchLoader();

async function loadError(file: string): Promise<PatchError> {
  const err = await loader.load(file, createSession()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PatchError);
  return err as PatchError;
}

describe("patch loader", () => {
  it("loads a patch that makes nodes through the prelude helpers, without imports", async () => {
    const file = patchFile("ok.ts", `export default patch(() => {\n  euclid("e", { steps: 8, pulses: 3 });\n  arp("a", { scale: "minor" });\n});\n`);
    const session = createSession();
    const { nodes } = await loader.load(file, session);
    expect(nodes.map((n) => (n as { name: string }).name)).toEqual(["e", "a"]);
  });

  it("loads a patch that imports from \"magicbus\" and returns its nodes", async () => {
    const file = patchFile(
      "import.ts",
      `import { EuclideanRhythmNode, EuclideanPattern } from "magicbus";\n` +
        `export default (ctx: any) => [new EuclideanRhythmNode(ctx.bus, { name: "r", pattern: new EuclideanPattern({ steps: 4, pulses: 1 }) })];\n`,
    );
    const { nodes } = await loader.load(file, createSession());
    expect(nodes).toHaveLength(1);
    expect((nodes[0] as { kind: string }).kind).toBe("euclid");
  });

  it("a syntax error names file:line:col and shows the line", async () => {
    const file = patchFile("syntax.ts", `export default patch(() => {\n  euclid("e", { steps: 8 pulses: 3 });\n});\n`);
    const err = await loadError(file);
    expect(err.phase).toBe("compile");
    expect(err.location).toMatchObject({ file, line: 2 });
    expect(err.message).toContain(`${file}:2:`);
    expect(err.message).toContain(`euclid("e", { steps: 8 pulses: 3 });`);
    expect(err.message).toMatch(/\^/);
  });

  it("an error thrown while loading points at the throwing line of the TypeScript source", async () => {
    const file = patchFile(
      "throws.ts",
      `type T = { a: number };\nconst t: T = { a: 1 };\nexport default patch(() => {\n  if (t.a) throw new Error("boom");\n});\n`,
    );
    const err = await loadError(file);
    expect(err.phase).toBe("load");
    expect(err.summary).toContain("boom");
    expect(err.location).toMatchObject({ file, line: 4 });
  });

  it("a bad node option is reported with the valid choices", async () => {
    const file = patchFile("badscale.ts", `export default patch(() => {\n  arp("a", { scale: "dorrian" });\n});\n`);
    const err = await loadError(file);
    expect(err.message).toMatch(/dorrian/);
    expect(err.message).toMatch(/dorian/);
    expect(err.location?.line).toBe(2);
  });

  it("a patch returning something that is not a node list is rejected", async () => {
    const err = await loadError(patchFile("ret.ts", `export default patch(() => 42 as any);\n`));
    expect(err.message).toMatch(/array of nodes or nothing/);
    const err2 = await loadError(patchFile("ret2.ts", `export default patch(() => [{ notANode: 1 }] as any);\n`));
    expect(err2.message).toMatch(/not a node/);
    const err3 = await loadError(patchFile("nodefault.ts", `export const x = 1;\n`));
    expect(err3.message).toMatch(/default export/);
  });

  it("an unknown import is a compile error naming the module", async () => {
    const err = await loadError(patchFile("imp.ts", `import { x } from "./nope.ts";\nexport default patch(() => { void x; });\n`));
    expect(err.message).toMatch(/nope\.ts/);
  });

  it("the globals declared for editors are exactly the prelude's runtime helpers (and its signals, saw, sine …)", async () => {
    const prelude = await loader.preludeExports();
    const declared = [...readFileSync(new URL("../../src/live/prelude-globals.d.ts", import.meta.url), "utf8").matchAll(/const (\w+): Prelude/g)].map((m) => m[1]);
    const runtime = Object.keys(prelude).filter((k) => k !== "runPatch");
    expect(declared.sort()).toEqual(runtime.sort());
  });
});
