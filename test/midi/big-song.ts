/** A song with 3100 notes and 2000 tempo changes: the SMF encoder's stress case (test and bench). */
import type { Song } from "../../src/song/song.ts";

export function bigSong(): Song {
  const notes = Array.from({ length: 3000 }, (_, i) => ({ tick: i * 120, endTick: i * 120 + 100 + (i % 7) * 500, pitch: 30 + ((i * 7) % 70), velocity: 1 + (i % 127), channel: i % 3 }));
  return {
    ppq: 960,
    tempos: Array.from({ length: 2000 }, (_, i) => ({ tick: i * 240, bpm: 90 + (i % 40) })),
    timeSignatures: [{ tick: 0, numerator: 6, denominator: 8 }],
    keySignatures: [{ tick: 0, sharps: -3, minor: true }],
    tracks: [
      { name: "melody", notes, programs: [{ tick: 0, channel: 0, program: 0 }] },
      { name: "bass", notes: notes.slice(0, 100), controls: [{ tick: 10, channel: 0, controller: 64, value: 127 }, { tick: 20_000_000, channel: 0, controller: 64, value: 0 }] },
    ],
  };
}
