/**
 * The audio device, through node-web-audio-api (an optional dependency with prebuilt binaries).
 * Kept apart so the synth thread and the device probe open it the same way.
 */

// The package's types are not needed beyond what is used here.
export interface AudioContextLike {
  readonly sampleRate: number;
  readonly currentTime: number;
  readonly baseLatency?: number;
  readonly outputLatency?: number;
  readonly destination: unknown;
  createBuffer(channels: number, length: number, sampleRate: number): { copyToChannel(data: Float32Array, channel: number): void };
  createBufferSource(): { buffer: unknown; connect(to: unknown): void; start(when: number): void };
  close(): Promise<void>;
}
type AudioContextClass = new (options?: Record<string, unknown>) => AudioContextLike;

export async function audioContextClass(): Promise<AudioContextClass> {
  try {
    const name = "node-web-audio-api"; // optional: resolved at run time, not type-checked against
    const m = (await import(name)) as { AudioContext: AudioContextClass };
    return m.AudioContext;
  } catch (err) {
    throw new Error(`the built-in synth needs the optional package node-web-audio-api, which did not install here (${(err as Error).message.split("\n")[0]}): run \`npm install\``);
  }
}

/** An audio context on the default device, or on none (the clock runs, the audio goes nowhere). */
export function openAudioContext(AudioContext: AudioContextClass, audio: "device" | "none"): AudioContextLike {
  if (audio === "none") return new AudioContext({ sinkId: { type: "none" }, latencyHint: "interactive" });
  try {
    return new AudioContext({ latencyHint: "interactive" });
  } catch (err) {
    throw new Error(`no audio device: ${(err as Error).message.split("\n")[0]}`);
  }
}
