/**
 * The synth thread: the built-in synth rendering General MIDI into the audio device. It keeps the
 * device AHEAD_MS ahead with rendered chunks, each scheduled to start at an exact frame of the
 * audio context, and places every message at the frame of the time it is for (the output clock
 * mapped onto the device's clock by AudioClock) — so onsets are exact whatever the jitter of the
 * threads that carried the message. What it plays can also go to a WAV file, valid at every moment.
 * docs/sound.md tells the design and its measured figures.
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { nowMs } from "../clock.ts";
import { currentTid, demoteThread, processThreads, promoteThread, threadCpuMs, tryRealtimePriority } from "../rt-priority.ts";
import { SpinGuard } from "./spin-guard.ts";
import { FrameSynth } from "../../synth/frame-synth.ts";
import { readSoundfont } from "../../synth/soundfont.ts";
import { WavFileWriter } from "../../synth/wav.ts";
import { AudioClock } from "./audio-clock.ts";
import { audioContextClass, openAudioContext } from "./audio-context.ts";
import type { AudioStats, SynthCommand, SynthReply, SynthThreadConfig } from "./protocol.ts";

/** Rendered audio kept queued ahead of the device (ms): what a stall of this thread can absorb. */
const AHEAD_MS = 40;
/** Frames per rendered chunk (10.7 ms at 48 kHz): each is one buffer for the audio library to schedule and mix. */
const CHUNK = 512;
/** How often the thread tops the device up (ms). */
const LOOP_MS = 5;
/** SCHED_FIFO priority asked for the synth thread: just under the output thread's (10). */
const SYNTH_PRIORITY = 9;
/** How long the device clock is read before the first note (ms): by then it has run for half a second. */
const CALIBRATE_MS = 100;
/**
 * Slack for the hops a message takes to get here (ms): output thread → this thread, and a hiccup
 * of the machine on the way. 3 ms was too little on a two-vCPU VM: one of about ten test runs
 * had a note 1–2 ms late. It costs no latency (the sound is where the tick says either way); it
 * only spends some of the ~30 ms by which the music is computed ahead of what the synth needs.
 */
const MARGIN_MS = 10;

const config = workerData as SynthThreadConfig;
const reply = (r: SynthReply) => parentPort!.postMessage(r);
function fail(message: string): never {
  reply({ type: "failed", message });
  process.exit(0);
}

const AudioContextClass = await audioContextClass().catch((err: Error) => fail(err.message));
const threadsBefore = processThreads();
const ctx = (() => {
  try {
    return openAudioContext(AudioContextClass, config.audio);
  } catch (err) {
    return fail((err as Error).message);
  }
})();
// The audio library's own threads (its render thread among them) are the ones that appeared just
// now; they get real-time priority too where the system allows, or a busy machine starves them.
const audioThreads = processThreads().filter((t) => !threadsBefore.includes(t));
const promoted = audioThreads.filter((t) => promoteThread(t, SYNTH_PRIORITY).policy !== "normal");
const spinGuard = new SpinGuard(promoted, threadCpuMs, demoteThread);
const sampleRate = ctx.sampleRate;
// The soundfont is read and its first programs decoded while the device's clock settles into its stride.
let bank: ArrayBuffer;
try {
  bank = readSoundfont(config.soundfont);
} catch (err) {
  fail((err as Error).message);
}
const synth = await FrameSynth.create(bank, sampleRate);
// The piano (every channel's program until a program change) and the drum kit, decoded before the first note.
synth.preload(0, false);
synth.preload(0, true);
synth.warmUp();
const deviceLatencyMs = ((ctx.baseLatency ?? 0) + (ctx.outputLatency ?? 0)) * 1000;
const chunkMs = (CHUNK / sampleRate) * 1000;
const pathLatencyMs = deviceLatencyMs + AHEAD_MS;
const leadMs = Math.ceil(pathLatencyMs + chunkMs + LOOP_MS + MARGIN_MS);
const clock = new AudioClock();
const wav = config.wavOut ? new WavFileWriter(config.wavOut, sampleRate) : undefined;
// Audio threads run at real-time priority where the system allows it (as JACK and PipeWire do): a
// set starting up keeps both cores busy for a second or two, and a starved synth thread is a dropout.
tryRealtimePriority(SYNTH_PRIORITY);
const tid = currentTid();
const cpuAtStart = tid !== undefined ? threadCpuMs(tid) : undefined;
const startedAt = nowMs();
let underruns = 0;
let stalls = 0;
let stallMaxMs = 0;
let maxVoices = 0;
let closing = false;

// A first estimate of the device clock, good to a few microseconds: read it every millisecond for
// a while (a device that has just started steps unevenly at first: the soundfont loaded meanwhile).
for (const until = nowMs() + CALIBRATE_MS; nowMs() < until; ) {
  clock.read(ctx, nowMs);
  await new Promise((resolve) => setTimeout(resolve, 1));
}
clock.settle();
// The first chunk starts a little ahead of the device, on a chunk boundary of the context's frames.
synth.frame = Math.ceil(((ctx.currentTime * 1000 + 10) / 1000) * sampleRate);

parentPort!.on("message", take);

/**
 * Messages that came while a run of chunks was rendering, taken before the next chunk. After a
 * stall the thread renders tens of ms at once; a note waiting for the event loop meanwhile would
 * find its frame already rendered (measured: 1 in 5 loaded test runs had a note 3 to 29 ms late).
 */
function takeWaiting(): void {
  for (let m = receiveMessageOnPort(parentPort!); m; m = receiveMessageOnPort(parentPort!)) take(m.message as SynthCommand);
}

function take(c: SynthCommand): void {
  if (c.type === "close") {
    closing = true;
    return;
  }
  // A program change comes a little ahead of its notes: decode its samples now, not on its first note.
  if ((c.bytes[0]! & 0xf0) === 0xc0) synth.preload(c.bytes[1]!, (c.bytes[0]! & 0x0f) === 9);
  if (c.at === undefined) return playNow(c.bytes);
  // Where the message sounds at `at`: that instant on the device's clock, less the device's latency.
  synth.at((clock.toAudio(c.at) - deviceLatencyMs / 1000) * sampleRate, c.bytes);
}

/** A message with no time (a panic, the end of the set) plays at the first frame not yet rendered; All Notes Off also cancels what waits. */
function playNow(bytes: number[]): void {
  const isAllOff = (bytes[0]! & 0xf0) === 0xb0 && (bytes[1] === 123 || bytes[1] === 120);
  if (isAllOff) synth.cancel(bytes[0]! & 0x0f);
  synth.at(synth.frame, bytes);
}

function topUp(): void {
  const deviceFrame = clock.read(ctx, nowMs) * sampleRate;
  if (synth.frame < deviceFrame) {
    // The device caught up with us (this thread was stalled): the gap is silence; start again
    // ahead. The WAV file gets the silence too, so that it keeps the device's timeline. It is a
    // dropout only if something was sounding or due (before the music starts, nothing is lost).
    if (synth.voices > 0 || synth.dueBefore(deviceFrame)) underruns++;
    else {
      stalls++;
      stallMaxMs = Math.max(stallMaxMs, ((deviceFrame - synth.frame) / sampleRate) * 1000);
    }
    const resume = Math.ceil(deviceFrame + (10 / 1000) * sampleRate);
    const gap = resume - synth.frame;
    if (wav) wav.append(new Float32Array(gap), new Float32Array(gap));
    synth.frame = resume;
  }
  const until = deviceFrame + (AHEAD_MS / 1000) * sampleRate;
  while (synth.frame < until) {
    takeWaiting();
    const left = new Float32Array(CHUNK);
    const right = new Float32Array(CHUNK);
    const start = synth.frame;
    synth.render(left, right);
    const buffer = ctx.createBuffer(2, CHUNK, sampleRate);
    buffer.copyToChannel(left, 0);
    buffer.copyToChannel(right, 1);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    source.start(start / sampleRate);
    wav?.append(left, right);
  }
  if (synth.voices > maxVoices) maxVoices = synth.voices;
}

function stats(): AudioStats {
  const now = tid !== undefined ? threadCpuMs(tid) : undefined;
  const cpu = now !== undefined && cpuAtStart !== undefined ? now - cpuAtStart : undefined;
  return {
    sampleRate,
    pathLatencyMs,
    leadMs,
    late: synth.late,
    lateMaxMs: synth.lateMaxMs,
    underruns,
    stalls,
    stallMaxMs,
    voices: synth.voices,
    maxVoices,
    cpuPercent: cpu === undefined ? NaN : (cpu / (nowMs() - startedAt)) * 100,
    driftPpm: clock.driftPpm,
    offsetMs: clock.offset,
    wavFrames: wav?.frames ?? 0,
  };
}

reply({ type: "ready", sampleRate, leadMs, device: config.audio === "none" ? "no audio device" : "the default audio device" });
let lastStats = nowMs();
/** After close, the release tails ring out for at most this long (ms). */
const RING_OUT_MS = 2000;
let closingAt = Infinity;
for (;;) {
  if (closing && closingAt === Infinity) closingAt = nowMs();
  if (closing && ((synth.voices === 0 && synth.waiting === 0) || nowMs() - closingAt > RING_OUT_MS)) break;
  topUp();
  if (nowMs() - lastStats >= 1000) {
    for (const tid of spinGuard.check(nowMs() - lastStats)) {
      reply({ type: "warn", message: `built-in synth: an audio library thread (${tid}) used a whole core for a second at real-time priority; it runs at normal priority from now on` });
    }
    reply({ type: "stats", stats: stats() });
    lastStats = nowMs();
  }
  await new Promise((resolve) => setTimeout(resolve, LOOP_MS));
}
wav?.close();
reply({ type: "closed", stats: stats() });
await ctx.close();
