/**
 * Offline rendering: a Standard MIDI File played through the built-in synth, as fast as the CPU
 * allows. The audio comes out block by block to a sink (a WAV file on disk, or memory for a test):
 * a ten-minute set needs a block of memory, not the whole set's.
 */
import { FrameSynth } from "./frame-synth.ts";
import { smfFrames } from "./smf-frames.ts";
import { WavFileWriter } from "./wav.ts";

export const SAMPLE_RATE = 48_000;

export interface SynthOptions {
  sampleRate?: number;
  /** Reverb and chorus (default on, as a General MIDI synth plays). */
  effects?: boolean;
}

export interface OfflineOptions {
  /** The longest ring-out after the file's end, seconds (default 3). */
  maxTailSeconds?: number;
}

export interface OfflineResult {
  /** Frames written, ring-out included. */
  frames: number;
  /** Where the file itself ends, in frames (the ring-out follows). */
  endFrame: number;
  sampleRate: number;
  /** Channel messages played. */
  messages: number;
}

/** Takes each block as it is rendered; the arrays are reused for the next block. */
export type BlockSink = (left: Float32Array, right: Float32Array, count: number) => void;

/**
 * A synth for one render, playing the soundfont `bank` (its bytes; `name` says which in an
 * error). Loaded before anything is written, so a file that is no soundfont leaves no empty WAV.
 */
export async function loadSynth(bank: ArrayBuffer, name = "the built-in soundfont", o: SynthOptions = {}): Promise<FrameSynth> {
  try {
    return await FrameSynth.create(bank, o.sampleRate ?? SAMPLE_RATE, { effects: o.effects ?? true });
  } catch (err) {
    // One line: the loader's messages may quote the file's first bytes, newlines and all.
    throw new Error(`cannot load ${name}: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ")}`);
  }
}

/** Frames per block handed to the sink: about 43 ms, large enough that the sink's cost is small. */
const BLOCK = 2048;

/**
 * A block quieter than this everywhere rounds to zero in 16-bit PCM (half its smallest step): past
 * the file's end, the first such block ends the tail.
 */
const SILENT = 0.5 / 32768;

/** Render `smf` (a .mid's bytes) with a fresh `synth` into `sink`. */
export function renderSmf(smf: Uint8Array, synth: FrameSynth, sink: BlockSink, o: OfflineOptions = {}): OfflineResult {
  if (synth.frame !== 0) throw new Error("renderSmf needs a fresh synth (this one has played)");
  const sampleRate = synth.sampleRate;
  const { messages, endFrame } = smfFrames(smf, sampleRate);
  const left = new Float32Array(BLOCK);
  const right = new Float32Array(BLOCK);
  const maxFrames = endFrame + Math.round((o.maxTailSeconds ?? 3) * sampleRate);
  let next = 0;
  let frame = 0;
  while (frame < maxFrames) {
    const count = Math.min(BLOCK, maxFrames - frame);
    // Only this block's messages go to the synth: its queue stays short however long the file.
    while (next < messages.length && messages[next]!.frame < frame + count) {
      synth.at(messages[next]!.frame, messages[next]!.bytes);
      next++;
    }
    left.fill(0);
    right.fill(0);
    synth.render(left, right, count);
    if (frame >= endFrame && peak(left, right, count) < SILENT) break;
    sink(left, right, count);
    frame += count;
  }
  return { frames: frame, endFrame, sampleRate, messages: messages.length };
}

/** Render `smf` with a fresh `synth` into a WAV file at `path`. */
export function renderSmfToWav(smf: Uint8Array, synth: FrameSynth, path: string, o: OfflineOptions = {}): OfflineResult {
  const wav = new WavFileWriter(path, synth.sampleRate);
  try {
    return renderSmf(smf, synth, (l, r, n) => wav.append(l, r, n), o);
  } finally {
    wav.close();
  }
}

function peak(left: Float32Array, right: Float32Array, count: number): number {
  let p = 0;
  for (let i = 0; i < count; i++) {
    const a = Math.abs(left[i]!);
    const b = Math.abs(right[i]!);
    if (a > p) p = a;
    if (b > p) p = b;
  }
  return p;
}
