/**
 * The live daemon through the built-in synth's real-time path, on no audio device (`--no-audio`,
 * the device's clock still runs in real time) with the audio written to a WAV file: for 10 s of a
 * side stick on every eighth note, every note the recording holds is in the audio, and each onset
 * lies where its tick says to within 1 ms (the audio clock and the musical clock agree).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf } from "../../src/index.ts";
import { readWav } from "../../src/synth/wav.ts";
import { makeHome, startDaemon } from "./launcher.ts";

const BPM = 120;
// A dry, short General MIDI side stick (drums, channel 10) on every eighth: onsets 250 ms apart.
const sticks = `export default patch(() => {
  euclid("b", { steps: 16, pulses: 8, trigger: "b" });
  arp("stick", { trigger: "b", scale: "chromatic", degrees: [0], root: 37, channel: 9, gate: 0.1, velocity: 1 });
});
`;

/** The first frame over `threshold` after at least `quietMs` under it: one per hit of an isolated, percussive sound. */
function onsetFrames(x: Float32Array, sampleRate: number, threshold = 0.05, quietMs = 50): number[] {
  const found: number[] = [];
  const need = (quietMs / 1000) * sampleRate;
  let quiet = Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]!) > threshold) {
      if (quiet >= need) found.push(i);
      quiet = 0;
    } else quiet++;
  }
  return found;
}

describe("the daemon through the built-in synth", () => {
  it("10 s on no device: every recorded note sounds, on its tick to within 1 ms; no dropout, no late note", async () => {
    const { home } = makeHome("builtin", { "sticks.ts": sticks });
    const d = startDaemon(home, ["--bpm", String(BPM), "--no-socket", "--no-audio", "--synth-out", "set.wav"]);
    try {
      await d.waitFor(/sound → built-in synth \(no audio device, \d+ Hz → set\.wav\)/, 20_000);
      await d.waitFor(/sticks\.ts: \+b \+stick/, 20_000);
      await new Promise((r) => setTimeout(r, 10_000));
      // The output thread's own account, for the message should a note be late: did it arrive late there?
      d.send(".timing");
      await d.waitFor(/the longest hand-over so far needed/, 5_000);
      // The music is computed further ahead by the synth's lead: a busy moment has the room a MIDI port gives.
      const ahead = await d.waitFor(/the music is computed (\d+) ms ahead \(50 \+ the (\d+) ms/, 5_000);
      expect(Number(ahead[1])).toBe(50 + Number(ahead[2]));
      expect(Number(ahead[2])).toBeGreaterThanOrEqual(60);
      d.send(".quit");
      expect(await d.exited).toBe(0);
    } finally {
      d.kill();
    }
    const summary = d.out.match(/built-in synth: (\d+) dropouts, (\d+) notes late.*/);
    expect(summary, d.out).not.toBeNull();
    const diagnosis = [summary![0], ...d.out.split("\n").filter((l) => /^(output to|spin window|latency )/.test(l.trim()))].join("\n");
    expect(Number(summary![1]), diagnosis).toBe(0);
    expect(Number(summary![2]), diagnosis).toBe(0);

    const notes = allNotes(readSmf(readFileSync(join(home, "set.mid"))));
    expect(notes.length).toBeGreaterThanOrEqual(38); // 10 s of eighths at 120 bpm
    const wav = readWav(readFileSync(join(home, "set.wav")));
    const onsets = onsetFrames(wav.left, wav.sampleRate).map((f) => (f / wav.sampleRate) * 1000);
    expect(onsets.length).toBe(notes.length);
    // Where each onset is against where its tick is: the same offset for all (the audio path), to 1 ms.
    const tickMs = (tick: number) => (tick / PPQ) * (60_000 / BPM);
    const offsets = onsets.map((t, i) => t - tickMs(notes[i]!.tick));
    const median = [...offsets].sort((a, b) => a - b)[offsets.length >> 1]!;
    for (const [i, o] of offsets.entries()) expect(Math.abs(o - median), `note ${i} at tick ${notes[i]!.tick}`).toBeLessThanOrEqual(1);
  }, 40_000);
});
