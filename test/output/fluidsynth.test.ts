/**
 * End to end through a real synth: the output thread plays notes through FluidSynth's shell on
 * 127.0.0.1, FluidSynth renders them in real time to a raw file, and the audio must have one onset
 * per note, spaced as the notes were. Where FluidSynth (and sox) are missing these say so and do not
 * run (CI installs them from ci-apt-packages.txt).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nowMs } from "../../src/output/clock.ts";
import { OutputThread } from "../../src/output/output-thread.ts";
import { FLUIDSYNTH_HINT, FluidSynthServer } from "../../src/output/ports/fluidsynth.ts";
import { envelope, onsets } from "./audio-onsets.ts";
import { itWith } from "../programs.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-fluidsynth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("FluidSynth port", () => {
  it("missing FluidSynth is a one-line hint with the install command", async () => {
    await expect(FluidSynthServer.start({ command: "fluidsynth-that-is-not-installed" })).rejects.toThrow(FLUIDSYNTH_HINT);
    expect(FLUIDSYNTH_HINT).toContain("apt-get install fluidsynth");
  });

  itWith("fluidsynth")("a soundfont that does not exist is named", async () => {
    await expect(FluidSynthServer.start({ soundfont: join(dir, "none.sf2") })).rejects.toThrow(`soundfont not found: ${join(dir, "none.sf2")}`);
  });

  itWith("fluidsynth", "sox")("plays notes through fluidsynth: the audio has an onset where each note was, spaced as sent", async () => {
    const file = join(dir, "live.raw");
    const spacing = [0, 400, 800, 1200];
    const synth = await FluidSynthServer.start({ outFile: file });
    try {
      const out = await OutputThread.start({ port: { kind: "fluidsynth", port: synth.port }, latencyMs: 20, realtime: false });
      expect(out.portName).toBe(`fluidsynth 127.0.0.1:${synth.port}`);
      const t0 = nowMs() + 150;
      spacing.forEach((dt, i) => {
        out.sendMany(t0 + dt, [[0x90, 60 + 4 * i, 110], [0x90, 48 + 4 * i, 90]]); // a two-note chord each time
        out.send(t0 + dt + 120, [0x80, 60 + 4 * i, 0]);
        out.send(t0 + dt + 120, [0x80, 48 + 4 * i, 0]);
      });
      await out.flush();
      await new Promise((r) => setTimeout(r, 300)); // let the last note ring into the file
      const { stats } = await out.close();
      expect(stats.portErrors).toBe(0);
    } finally {
      await synth.stop();
    }

    const found = onsets(envelope(readFileSync(file), synth.sampleRate));
    expect(found).toHaveLength(spacing.length);
    // The file's first sample is when FluidSynth started its audio, which we cannot know to the ms,
    // so compare the spacing: within ±15 ms of what was sent (FluidSynth renders in ~1.5 ms periods,
    // and its file driver paces itself with a timer).
    const rel = found.map((o) => o - found[0]!);
    rel.forEach((r, i) => expect(Math.abs(r - spacing[i]!), `onset ${i} at +${r} ms, sent at +${spacing[i]} ms`).toBeLessThanOrEqual(15));

    const sox = spawnSync("sox", ["-t", "raw", "-r", String(synth.sampleRate), "-e", "signed", "-b", "16", "-c", "2", file, "-n", "stats"], { encoding: "utf8" });
    if (sox.error) throw new Error("sox is not installed (apt-get install sox); CI installs ci-apt-packages.txt");
    const peakDb = Number(/Pk lev dB\s+(-?[\d.]+)/.exec(sox.stderr)?.[1]);
    expect(peakDb).toBeGreaterThan(-30); // audible, not a file of silence
  });
});
