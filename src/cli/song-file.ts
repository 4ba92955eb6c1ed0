/**
 * Where `render`, `compose` and `replay` put their song: a MIDI file, or audio through the
 * built-in synth, chosen by the output file's extension. One place decides, so the three commands
 * accept the same names and say the same thing about a wrong one; everything is checked before
 * any music is made.
 */
import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import { performance } from "node:perf_hooks";
import { writeSmf } from "../midi/smf.ts";
import type { Song } from "../song/song.ts";
import { builtinSoundfontPath, readSoundfont } from "../synth/soundfont.ts";
import { UsageError } from "./args.ts";
import { fileToRead, fileToWrite } from "./files.ts";

export type SongFormat = "midi" | "wav";

/** Extensions and what they write. No extension at all writes MIDI, as before there was a choice (`-o /dev/stdout`). */
const FORMATS: Record<string, SongFormat> = { "": "midi", ".mid": "midi", ".midi": "midi", ".wav": "wav" };

export interface SongFile {
  path: string;
  format: SongFormat;
  /** The soundfont a .wav is played with (undefined: the built-in one). */
  soundfont?: string;
}

export interface WrittenSong {
  /** Seconds of audio written, the ring-out included (a .wav only). */
  audioSeconds?: number;
  sampleRate?: number;
  /** How long writing took, the synth's work included. */
  wallMs: number;
}

/**
 * The output `path` a command was given, checked: a known extension, a folder that exists, a
 * soundfont that is there (and only for audio).
 */
export function songFile(path: string, soundfont: string | undefined, command: string): SongFile {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) throw new UsageError(`cannot write ${path}: give the output file the extension .mid (MIDI) or .wav (audio through the built-in synth)`);
  fileToWrite(path);
  if (format === "midi") return midiFile(path, soundfont);
  if (soundfont !== undefined) return { path, format, soundfont: fileToRead(soundfont, command, "soundfont", ".sf2") };
  // The built-in font is an optional package: say how to get it now, not after the render.
  builtinSoundfontPath();
  return { path, format };
}

/** A MIDI file, named by the command (`compose` stamps the time into its default name). */
export function midiFile(path: string, soundfont: string | undefined): SongFile {
  if (soundfont !== undefined) throw new UsageError(`--soundfont is for audio, and the output${path ? ` ${path}` : ""} is MIDI: name a .wav with -o to hear the soundfont`);
  return { path, format: "midi" };
}

/** Write `song` as `out` says. */
export async function writeSong(song: Song, out: SongFile): Promise<WrittenSong> {
  const started = performance.now();
  const smf = writeSmf(song);
  if (out.format === "midi") {
    writeFileSync(out.path, smf);
    return { wallMs: performance.now() - started };
  }
  // The synth loads only when audio is asked for: MIDI output stays as quick to start as ever.
  const { loadSynth, renderSmfToWav } = await import("../synth/offline.ts");
  const synth = await loadSynth(bankFor(out.soundfont), out.soundfont && `the soundfont ${out.soundfont}`);
  const r = renderSmfToWav(smf, synth, out.path);
  return { audioSeconds: r.frames / r.sampleRate, sampleRate: r.sampleRate, wallMs: performance.now() - started };
}

/** Soundfonts read so far: `compose --count 20 -o x.wav` reads its font once. */
const banks = new Map<string, ArrayBuffer>();

function bankFor(file: string | undefined): ArrayBuffer {
  const key = file ?? "";
  let bank = banks.get(key);
  if (!bank) banks.set(key, (bank = readSoundfont(file)));
  return bank;
}

/** What a command prints after the file's name: for audio, its length and rate. */
export function describeWritten(w: WrittenSong): string {
  if (w.audioSeconds === undefined) return "";
  return ` (audio ${clock(w.audioSeconds)} at ${(w.sampleRate! / 1000).toFixed(0)} kHz, ring-out included)`;
}

/** m:ss.s */
export function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, "0")}`;
}
