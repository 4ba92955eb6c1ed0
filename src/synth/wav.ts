/**
 * WAV files: 16-bit PCM, stereo. `wavBytes` makes a whole file at once (offline rendering);
 * `WavFileWriter` appends while a set plays and rewrites the two sizes in the header after every
 * append, so the file on disk is a valid WAV at every moment — a crash loses at most the last
 * append, never the file (the recording's rule, docs/live.md).
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";

const HEADER_BYTES = 44;

/** The 44-byte header of a 16-bit PCM stereo WAV holding `frames` frames. */
function header(frames: number, sampleRate: number): Buffer {
  const data = frames * 4;
  const h = Buffer.alloc(HEADER_BYTES);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + data, 4);
  h.write("WAVE", 8, "ascii");
  h.write("fmt ", 12, "ascii");
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(2, 22); // channels
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 4, 28); // bytes per second
  h.writeUInt16LE(4, 32); // bytes per frame
  h.writeUInt16LE(16, 34); // bits per sample
  h.write("data", 36, "ascii");
  h.writeUInt32LE(data, 40);
  return h;
}

/** Interleave and quantise `count` frames of float audio (clipped to ±1) as 16-bit PCM. */
function pcm16(left: Float32Array, right: Float32Array, count = left.length): Buffer {
  const out = Buffer.alloc(count * 4);
  for (let i = 0; i < count; i++) {
    out.writeInt16LE(toInt16(left[i]!), i * 4);
    out.writeInt16LE(toInt16(right[i]!), i * 4 + 2);
  }
  return out;
}

function toInt16(x: number): number {
  const c = x > 1 ? 1 : x < -1 ? -1 : x;
  return Math.round(c * 32767);
}

/** A whole WAV file of the stereo audio in `left` and `right`. */
export function wavBytes(left: Float32Array, right: Float32Array, sampleRate: number): Buffer {
  return Buffer.concat([header(left.length, sampleRate), pcm16(left, right)]);
}

/** A WAV file written as the audio comes, valid after every append. */
export class WavFileWriter {
  private readonly fd: number;
  /** Frames written so far. */
  frames = 0;

  constructor(
    readonly path: string,
    readonly sampleRate: number,
  ) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, header(0, sampleRate), 0, HEADER_BYTES, 0);
  }

  append(left: Float32Array, right: Float32Array, count = left.length): void {
    const bytes = pcm16(left, right, count);
    writeSync(this.fd, bytes, 0, bytes.length, HEADER_BYTES + this.frames * 4);
    this.frames += count;
    writeSync(this.fd, header(this.frames, this.sampleRate), 0, HEADER_BYTES, 0);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Read a 16-bit PCM stereo WAV (as written here) back into float channels: for tests and benchmarks. */
export function readWav(bytes: Buffer): { sampleRate: number; left: Float32Array; right: Float32Array } {
  if (bytes.toString("ascii", 0, 4) !== "RIFF" || bytes.toString("ascii", 8, 12) !== "WAVE") throw new Error("not a WAV file");
  const channels = bytes.readUInt16LE(22);
  const sampleRate = bytes.readUInt32LE(24);
  const bits = bytes.readUInt16LE(34);
  if (channels !== 2 || bits !== 16) throw new Error(`expected 16-bit stereo, got ${bits}-bit with ${channels} channels`);
  const frames = bytes.readUInt32LE(40) / 4;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = bytes.readInt16LE(HEADER_BYTES + i * 4) / 32767;
    right[i] = bytes.readInt16LE(HEADER_BYTES + i * 4 + 2) / 32767;
  }
  return { sampleRate, left, right };
}

/**
 * Turn a raw s16le stereo file (what FluidSynth writes) into a WAV file at `wavPath`, and remove
 * the raw one.
 */
export function rawToWavFile(rawPath: string, wavPath: string, sampleRate: number): void {
  const raw = readFileSync(rawPath);
  const frames = Math.floor(raw.length / 4);
  writeFileSync(wavPath, Buffer.concat([header(frames, sampleRate), raw.subarray(0, frames * 4)]));
  rmSync(rawPath);
}
