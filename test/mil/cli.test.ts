/** `magicbus compose` end to end, in a temporary directory. */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readSmf } from "../../src/midi/smf.ts";

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, "../../src/cli/bin.js");

async function magicbus(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, "compose", ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("magicbus compose", () => {
  it("writes files, JSON, SVG, lists, batches, and rejects bad input", async () => {
    const dirs = Array.from({ length: 5 }, () => mkdtempSync(join(tmpdir(), "mil-cli-")));
    const [named, byDefault, listed, bad, batch] = await Promise.all([
      magicbus(dirs[0]!, "--archetype", "Nocturne", "--pianist", "Chopin", "--bars", "16", "--key", "D", "--mode", "minor", "--seed", "4", "-o", "n.mid", "--json", "--svg", "n.svg"),
      magicbus(dirs[1]!, "--character", "0.8,0.2,0.4,0.1,0.3", "--bpm", "132", "--seed", "1"),
      magicbus(dirs[2]!, "--list"),
      magicbus(dirs[3]!, "--archetype", "Polka"),
      magicbus(dirs[4]!, "--archetype", "March", "--count", "3", "--seed", "10", "--bars", "8"),
    ]);

    expect(named.code).toBe(0);
    const summary = JSON.parse(named.stdout);
    expect(summary).toMatchObject({ archetype: "Nocturne", pianist: "Chopin", key: "D minor", timeSignature: "4/4", bars: 16, file: "n.mid", seed: "4" });
    expect(summary.noteCount).toBeGreaterThan(50);
    expect(summary.sections.length).toBeGreaterThan(1);
    const song = readSmf(readFileSync(join(dirs[0]!, "n.mid")));
    expect(song.danglingNoteOns).toBe(0);
    expect(song.tracks.flatMap((t) => t.notes).length).toBe(summary.noteCount);
    const svg = readFileSync(join(dirs[0]!, "n.svg"), "utf8");
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("tension");
    expect(svg).toContain("</svg>");

    expect(byDefault.code).toBe(0);
    const files = readdirSync(dirs[1]!);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^mil_Cmaj_132bpm_Custom_\d{6}\.mid$/);
    expect(byDefault.stdout).toContain(files[0]);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Nocturne\s+lyrical\s+0\.20 0\.40 0\.30 0\.92 0\.18/);
    expect(listed.stdout).toMatch(/Glenn Gould\s+0\.12 0\.72 0\.08 0\.55 0\.62 0\.08/);

    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown archetype "Polka".*Nocturne/);

    expect(batch.code).toBe(0);
    const batchFiles = readdirSync(dirs[4]!).sort();
    expect(batchFiles).toHaveLength(3);
    expect(batchFiles.map((f) => f.replace(/_\d{6}_/, "_T_"))).toEqual([
      "mil_Cmaj_161bpm_March_T_10.mid",
      "mil_Cmaj_161bpm_March_T_11.mid",
      "mil_Cmaj_161bpm_March_T_12.mid",
    ]);
  });
});
