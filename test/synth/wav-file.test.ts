/**
 * The WAV files `render -o x.wav` writes: a valid header (sizes, rate), a lossless round trip
 * through `readWav`, a ring-out that ends when the sound does, and blocks streamed, never the
 * whole set in memory.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeSmf } from "../../src/midi/smf.ts";
import type { Song } from "../../src/song/song.ts";
import { loadSynth, renderSmf } from "../../src/synth/offline.ts";
import { readSoundfont } from "../../src/synth/soundfont.ts";
import { readWav, wavBytes } from "../../src/synth/wav.ts";
import { writeSong } from "../../src/cli/song-file.ts";
import { RATE } from "./audio.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-wav-"));
const ppq = 960;
/** One piano note from beat 0 to `beats`; the song lasts `songBeats`. */
const oneNote = (beats: number, songBeats: number): Song => ({
  ppq,
  tempos: [{ tick: 0, bpm: 120 }],
  tracks: [{ notes: [{ tick: 0, endTick: beats * ppq, pitch: 60, velocity: 100, channel: 0 }] }],
  endTick: songBeats * ppq,
});

describe("WAV files from the built-in synth", () => {
  it("have a valid 16-bit stereo 48 kHz header whose sizes match the file", async () => {
    const path = join(dir, "header.wav");
    await writeSong(oneNote(1, 1), { path, format: "wav" });
    const b = readFileSync(path);
    expect(b.toString("ascii", 0, 4)).toBe("RIFF");
    expect(b.readUInt32LE(4)).toBe(b.length - 8);
    expect(b.toString("ascii", 8, 16)).toBe("WAVEfmt ");
    expect([b.readUInt32LE(16), b.readUInt16LE(20), b.readUInt16LE(22)]).toEqual([16, 1, 2]); // fmt size, PCM, channels
    expect([b.readUInt32LE(24), b.readUInt32LE(28), b.readUInt16LE(32), b.readUInt16LE(34)]).toEqual([48_000, 192_000, 4, 16]);
    expect(b.toString("ascii", 36, 40)).toBe("data");
    expect(b.readUInt32LE(40)).toBe(b.length - 44);
    expect((b.length - 44) % 4).toBe(0);
  });

  it("read back with readWav and written again, are the same bytes", async () => {
    const path = join(dir, "round.wav");
    await writeSong(oneNote(1, 1), { path, format: "wav" });
    const bytes = readFileSync(path);
    const { left, right, sampleRate } = readWav(bytes);
    expect(sampleRate).toBe(RATE);
    expect(left.some((x) => x !== 0)).toBe(true);
    expect(wavBytes(left, right, sampleRate).equals(bytes)).toBe(true);
  });

  it("last as long as the song, closing rest included, then ring out until silent, under 3 s", async () => {
    const path = join(dir, "rest.wav");
    await writeSong(oneNote(0.5, 8), { path, format: "wav" }); // a quarter second of sound, 4 s of song
    const rest = readWav(readFileSync(path));
    expect(rest.left.length).toBeGreaterThanOrEqual(4 * RATE);
    expect(rest.left.length).toBeLessThan(7 * RATE);

    const held = join(dir, "held.wav");
    await writeSong(oneNote(2, 2), { path: held, format: "wav" }); // released on the song's last tick
    const { left } = readWav(readFileSync(held));
    const end = RATE; // 2 beats at 120 bpm
    const ringOut = left.subarray(end);
    expect(ringOut.length).toBeGreaterThan(RATE / 20);
    expect(Math.max(...ringOut.subarray(0, RATE / 20).map(Math.abs))).toBeGreaterThan(0.001); // the release is heard
    expect(ringOut.length).toBeLessThan(3 * RATE); // and it stopped when it fell silent, not at the cap
  });

  it("ring out at most maxTailSeconds, and stream in blocks of at most 2048 frames", async () => {
    const synth = await loadSynth(readSoundfont());
    const blocks: number[] = [];
    const r = renderSmf(writeSmf(oneNote(2, 2)), synth, (_l, _r, n) => blocks.push(n), { maxTailSeconds: 0.1 });
    expect(r.endFrame).toBe(RATE);
    expect(r.frames).toBe(RATE + 0.1 * RATE);
    expect(blocks.reduce((a, b) => a + b, 0)).toBe(r.frames);
    expect(Math.max(...blocks)).toBeLessThanOrEqual(2048);
  });

  it("a file that is no soundfont is refused in one line, before anything is written", async () => {
    await expect(loadSynth(new TextEncoder().encode("{\n  \"name\": \"magicbus\"\n}\n").buffer as ArrayBuffer, "the soundfont x.sf2")).rejects.toThrow(
      /^cannot load the soundfont x\.sf2: [^\n]+$/,
    );
  });
});
