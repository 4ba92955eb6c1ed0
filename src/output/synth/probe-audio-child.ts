/**
 * The audio device probe's own process (started by probe-audio.ts, its stderr discarded): open and
 * close an audio context on the default device, and print what was found as one line of JSON.
 */
import type { AudioContextLike } from "./audio-context.ts";
import type { AudioProbe } from "./probe-audio.ts";

type AudioContextClass = new (options?: Record<string, unknown>) => AudioContextLike;

const say = (result: AudioProbe) => console.log(JSON.stringify(result));
const firstLine = (e: unknown) => String((e as Error).message).split("\n")[0]!;

let AudioContext: AudioContextClass | undefined;
try {
  const name = "node-web-audio-api"; // optional: resolved at run time, as in audio-context.ts
  ({ AudioContext } = (await import(name)) as { AudioContext: AudioContextClass });
} catch (e) {
  say({ ok: false, reason: `no audio library: node-web-audio-api did not load here (${firstLine(e)})` });
}
if (AudioContext) {
  try {
    const ctx = new AudioContext({ latencyHint: "interactive" });
    await ctx.close();
    say({ ok: true });
  } catch (e) {
    // "cpal backend error …: DeviceUnavailable: The requested audio device is not available. …" → "the requested audio device is not available"
    const why = firstLine(e).split(": ").pop()!.split(".")[0]!.toLowerCase();
    say({ ok: false, reason: `no audio device (${why})` });
  }
}
// The audio library keeps the process alive.
process.exit(0);
