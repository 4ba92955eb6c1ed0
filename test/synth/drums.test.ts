/**
 * Channel 10 is General MIDI drums: in patches/drums.ts the kick (36) and the snare (38) are told
 * apart by their spectrum alone. A kick's first 50 ms hold more energy below 150 Hz than between
 * 1 and 5 kHz, a snare's the other way round. On a piano both would be two low notes a tone apart.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes } from "../../src/song/song.ts";
import { renderPatch } from "../../src/render.ts";
import { bandEnergy, RATE, renderSong, soundOf } from "./audio.ts";

const KICK = 36;
const SNARE = 38;
const WINDOW = Math.round(0.05 * RATE);

describe("General MIDI drums on channel 10", () => {
  it("every kick is low and every snare bright, in patches/drums.ts (2 bars at 120 bpm)", async () => {
    const bpm = 120;
    const { song } = await renderPatch(resolve("patches/drums.ts"), { bars: 2, bpm, onProblem: () => {} });
    const hits = allNotes(song).filter((n) => n.pitch === KICK || n.pitch === SNARE);
    expect(hits.every((n) => n.channel === 9)).toBe(true);
    expect(hits.filter((n) => n.pitch === KICK).length).toBeGreaterThanOrEqual(4);
    expect(hits.filter((n) => n.pitch === SNARE).length).toBeGreaterThanOrEqual(2);
    const whole = await renderSong(song);
    const heard: [number, number][] = [];
    for (const n of hits) {
      // Kicks and snares fall on the same steps: each one's own sound is the difference.
      const sound = await soundOf(song, whole, n);
      const from = Math.round((n.tick / song.ppq) * (60 / bpm) * RATE);
      const lowToBright = bandEnergy(sound, from, WINDOW, 0, 150) / bandEnergy(sound, from, WINDOW, 1000, 5000);
      heard.push([n.pitch, lowToBright]);
    }
    for (const [pitch, lowToBright] of heard) {
      if (pitch === KICK) expect(lowToBright).toBeGreaterThan(1);
      else expect(lowToBright).toBeLessThan(1);
    }
  }, 60_000);
});
