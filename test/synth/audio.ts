/**
 * Helpers for listening to rendered audio in tests. Onsets are found by difference: a song is
 * rendered whole and again without one note; everything before that note is bit for bit the same
 * (the synth cannot hear the future), so the difference is exactly that note's sound — on
 * polyphonic material, where notes overlap and ring into each other.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSong } from "../../src/cli/song-file.ts";
import type { Song, SongNote } from "../../src/song/song.ts";
import { readSoundfont } from "../../src/synth/soundfont.ts";
import { readWav } from "../../src/synth/wav.ts";
import { SoundBankLoader, SpessaSynthProcessor } from "spessasynth_core";

export const RATE = 48_000;
const dir = mkdtempSync(join(tmpdir(), "magicbus-synth-"));
let files = 0;

export interface Audio {
  left: Float32Array;
  right: Float32Array;
  sampleRate: number;
}

/** `song` to a .wav by the code path the CLI takes, read back. */
export async function renderSong(song: Song): Promise<Audio> {
  const path = join(dir, `song-${files++}.wav`);
  await writeSong(song, { path, format: "wav" });
  return readWav(readFileSync(path));
}

/** `song` without `note`. */
export function without(song: Song, note: SongNote): Song {
  return { ...song, tracks: song.tracks.map((t) => ({ ...t, notes: t.notes.filter((n) => n !== note) })) };
}

/** The sound `note` adds to `whole` (the rendering of `song`): mono, left + right. */
export async function soundOf(song: Song, whole: Audio, note: SongNote): Promise<Float32Array> {
  const rest = await renderSong(without(song, note));
  const n = whole.left.length;
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = whole.left[i]! + whole.right[i]! - ((rest.left[i] ?? 0) + (rest.right[i] ?? 0));
  }
  return d;
}

/**
 * Where the sound `d` of one note, which starts near frame `from`, is heard: the first frame at a
 * tenth of its peak in the `window` frames from there. A sampled piano takes a few ms to get
 * there (its attack); compare with `noteAlone` to take that out.
 */
export function audibleOnset(d: Float32Array, from: number, window = RATE / 20): number {
  let peak = 0;
  for (let i = from; i < Math.min(d.length, from + window); i++) peak = Math.max(peak, Math.abs(d[i]!));
  if (peak === 0) return -1;
  let i = Math.max(0, from - window);
  while (Math.abs(d[i]!) < peak / 10) i++;
  return i;
}

/**
 * One note alone, straight from spessasynth (none of our placing code): struck before the first
 * block, so it starts on frame 0 by construction, and held for `holdFrames`. The mono sum of
 * `frames` frames: the shape to measure an instrument's own attack on.
 */
export async function noteAlone(note: { pitch: number; velocity: number; channel: number }, holdFrames: number, frames: number): Promise<Float32Array> {
  const synth = new SpessaSynthProcessor(RATE, { eventsEnabled: false });
  synth.soundBankManager.addSoundBank(SoundBankLoader.fromArrayBuffer(readSoundfont()), "main");
  await synth.processorInitialized;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  synth.noteOn(note.channel, note.pitch, note.velocity);
  for (let i = 0; i < frames; i += 128) {
    // The release comes at the block nearest the note's end: only the sound long after the attack moves.
    if (i <= holdFrames && holdFrames < i + 128) synth.noteOff(note.channel, note.pitch);
    synth.process(left, right, i, Math.min(128, frames - i));
  }
  return left.map((x, i) => x + right[i]!);
}

/**
 * The energy of `x[from, from + length)` between `loHz` and `hiHz`: a Hann window, then the DFT
 * bins in the band, each by Goertzel's recurrence (a few hundred bins: no FFT needed).
 */
export function bandEnergy(x: Float32Array, from: number, length: number, loHz: number, hiHz: number, rate = RATE): number {
  const binHz = rate / length;
  let energy = 0;
  for (let k = Math.max(1, Math.ceil(loHz / binHz)); k * binHz <= hiHz; k++) {
    const coeff = 2 * Math.cos((2 * Math.PI * k) / length);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < length; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
      const s0 = (x[from + i] ?? 0) * w + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    energy += s1 * s1 + s2 * s2 - coeff * s1 * s2;
  }
  return energy;
}
