/**
 * Every note is heard on its frame: a song rendered through the code path of `render -o x.wav`,
 * each note's sound taken out by difference (audio.ts), and its onset compared with the time its
 * tick and the tempo give. A note placed a block late (128 frames, 2.7 ms) or a tempo not heard
 * moves the onsets beyond the 2 ms allowed.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, type Song, type SongNote } from "../../src/song/song.ts";
import { renderPatch } from "../../src/render.ts";
import { audibleOnset, noteAlone, RATE, renderSong, soundOf } from "./audio.ts";

/** 2 ms, the most a note may be off. */
const TOLERANCE = Math.round(0.002 * RATE);

/**
 * Frames between where each of `notes` is heard and where it is due (`due`, seconds, in the same
 * order), its instrument's own attack (from `noteAlone`) taken out.
 */
async function placement(song: Song, notes: SongNote[], due: number[]): Promise<number[]> {
  const whole = await renderSong(song);
  const attacks = new Map<string, number>();
  const off: number[] = [];
  for (const [i, n] of notes.entries()) {
    const frame = Math.round(due[i]! * RATE);
    const heard = audibleOnset(await soundOf(song, whole, n), frame);
    const key = `${n.channel}/${n.pitch}/${n.velocity}`;
    if (!attacks.has(key)) attacks.set(key, audibleOnset(await noteAlone(n, RATE / 10, RATE / 10), 0));
    off.push(heard - frame - attacks.get(key)!);
  }
  return off;
}

describe("notes sound on their frames", () => {
  it("every note of patches/basic.ts (4 bars at 124 bpm) is heard within 2 ms of its tick's time", async () => {
    const bpm = 124;
    const { song } = await renderPatch(resolve("patches/basic.ts"), { bars: 4, bpm, onProblem: () => {} });
    const notes = allNotes(song);
    expect(notes.length).toBeGreaterThan(12);
    const off = await placement(song, notes, notes.map((n) => (n.tick / song.ppq) * (60 / bpm)));
    for (const o of off) expect(Math.abs(o)).toBeLessThanOrEqual(TOLERANCE);
  }, 60_000);

  it("a tempo change mid-file moves the later onsets: 120 bpm, then 60 from beat 4, then 180 from beat 6", async () => {
    const ppq = 960;
    const notes: SongNote[] = Array.from({ length: 10 }, (_, beat) => ({ tick: beat * ppq, endTick: beat * ppq + ppq / 4, pitch: 60 + beat, velocity: 100, channel: 0 }));
    const song: Song = {
      ppq,
      tempos: [
        { tick: 0, bpm: 120 },
        { tick: 4 * ppq, bpm: 60 },
        { tick: 6 * ppq, bpm: 180 },
      ],
      tracks: [{ notes }],
    };
    // Beats 0–3 half a second apart, 4–5 a second, from beat 6 a third of a second.
    const due = [0, 0.5, 1, 1.5, 2, 3, 4, 4 + 1 / 3, 4 + 2 / 3, 5];
    const off = await placement(song, notes, due);
    for (const o of off) expect(Math.abs(o)).toBeLessThanOrEqual(TOLERANCE);
  }, 60_000);
});
