/** `magicbus render` as a performer runs it: a real process, a real file. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, readSmf } from "../../src/index.ts";

const bin = resolve("src/cli/bin.js");
const dir = mkdtempSync(join(tmpdir(), "magicbus-cli-"));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir });

describe("magicbus render", () => {
  it("renders the default patch to a valid MIDI file and says what it wrote", () => {
    const out = join(dir, "basic.mid");
    const r = run("render", resolve("patches/basic.ts"), "--bars", "4", "--bpm", "124", "-o", out);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/4 bars at 124 bpm/);
    const song = readSmf(readFileSync(out));
    expect(song.danglingNoteOns).toBe(0);
    const count = Number(/(\d+) notes/.exec(r.stdout)![1]);
    expect(allNotes(song).length).toBe(count);
    expect(count).toBeGreaterThan(10);
  });

  it("a broken patch exits 2 with file:line:col and writes nothing", () => {
    const patch = join(dir, "broken.ts");
    writeFileSync(patch, `export default patch(() => {\n  euclid("e", { steps: 8,, });\n});\n`);
    const out = join(dir, "broken.mid");
    const r = run("render", patch, "-o", out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/(^|\s)broken\.ts:2:\d+: /m); // as the performer named it: relative to where they ran the command
    expect(existsSync(out)).toBe(false);
  });

  it("bad arguments get a usage message naming the problem", () => {
    const r = run("render", resolve("patches/basic.ts"), "--bars", "zero");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bars/);
    const u = run("frobnicate");
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/unknown command "frobnicate"/);
    expect(u.stderr).toMatch(/render/);
  });
});
