/**
 * `render` and `compose` to a .wav, as a performer runs them: real processes, real files (`replay`
 * shares their code, src/cli/song-file.ts; its refusals are in test/cli/bad-input.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readWav } from "../../src/synth/wav.ts";
import { magicbus } from "../cli/magicbus.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-cli-wav-"));
const peak = (x: Float32Array) => x.reduce((p, v) => Math.max(p, Math.abs(v)), 0);

describe.concurrent("audio files from the command line", () => {
  it("render PATCH -o x.wav writes the patch's audio and says how long it is", async () => {
    const out = join(dir, "basic.wav");
    const r = await magicbus(["render", resolve("patches/basic.ts"), "--bars", "2", "--bpm", "120", "-o", out], { timeoutMs: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/→ .*basic\.wav \(audio 0:0\d\.\d at 48 kHz, ring-out included\): \d+ notes, 0:04\.0, in \d+ ms\n$/);
    const wav = readWav(readFileSync(out));
    expect(wav.sampleRate).toBe(48_000);
    // 2 bars at 120 bpm are 4 s; the ring-out adds up to 3 s.
    expect(wav.left.length).toBeGreaterThanOrEqual(4 * 48_000);
    expect(wav.left.length).toBeLessThanOrEqual(7 * 48_000);
    expect(peak(wav.left)).toBeGreaterThan(0.01);
  }, 60_000);

  it("compose -o piece.wav writes audio; without -o it still writes MIDI", async () => {
    const out = join(dir, "piece.wav");
    const r = await magicbus(["compose", "--archetype", "Waltz", "--bars", "4", "--seed", "2", "-o", out], { timeoutMs: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(peak(readWav(readFileSync(out)).right)).toBeGreaterThan(0.01);
    const home = mkdtempSync(join(dir, "default-"));
    const m = await magicbus(["compose", "--bars", "4", "--seed", "2"], { cwd: home });
    expect(m.status).toBe(0);
    expect(readdirSync(home)).toEqual([expect.stringMatching(/^mil_.*\.mid$/)]);
  }, 60_000);

  it("--soundfont names the font; a file that is none is one line, exit 1, and no .wav", async () => {
    const out = join(dir, "not-a-font.wav");
    const r = await magicbus(["render", resolve("patches/basic.ts"), "--bars", "1", "-o", out, "--soundfont", resolve("package.json")]);
    expect(r.stderr).toMatch(/^magicbus render: cannot load the soundfont .*package\.json: [^\n]+\n$/);
    expect(r.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
