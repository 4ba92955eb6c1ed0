/**
 * The built-in synth as a port of the output thread. It starts the synth thread and hands it each
 * message with the time it is for; the synth places it at that frame itself, so this port asks the
 * output thread to send `leadMs` early (the audio path's latency, measured by the synth thread at
 * start) and the note sounds when its tick says — the latency a MIDI port would have, no more.
 */
import { Worker } from "node:worker_threads";
import type { BuiltinSynthSpec, MidiPort } from "../ports/midi-port.ts";
import type { AudioStats, SynthCommand, SynthReply, SynthThreadConfig } from "./protocol.ts";

/** The longest the synth thread may take to load the soundfont and open the device (ms). */
const START_TIMEOUT_MS = 20_000;

export class SynthPort implements MidiPort {
  lost: string | undefined;
  /** The synth thread's latest figures (every second). */
  audio: AudioStats | undefined;
  private closed: ((stats: AudioStats) => void) | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly name: string,
    readonly leadMs: number,
    report: (message: string) => void,
  ) {
    worker.on("message", (r: SynthReply) => {
      if (r.type === "warn") report(r.message);
      if (r.type === "stats") this.audio = r.stats;
      if (r.type === "closed") {
        this.audio = r.stats;
        this.closed?.(r.stats);
      }
    });
    worker.on("error", (err) => (this.lost ??= `the built-in synth failed: ${err.message}`));
    worker.on("exit", () => (this.lost ??= "the built-in synth stopped"));
  }

  static open(spec: BuiltinSynthSpec, report: (message: string) => void = (m) => console.error(m)): Promise<SynthPort> {
    const config: SynthThreadConfig = { audio: spec.audio, ...(spec.soundfont ? { soundfont: spec.soundfont } : {}), ...(spec.wavOut ? { wavOut: spec.wavOut } : {}) };
    const worker = new Worker(new URL("./synth-boot.mjs", import.meta.url), { workerData: config });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`the built-in synth did not start within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
      const settle = (r: SynthReply) => {
        if (r.type !== "ready" && r.type !== "failed") return;
        clearTimeout(timer);
        worker.off("message", settle);
        if (r.type === "failed") {
          void worker.terminate();
          reject(new Error(r.message));
        } else resolve(new SynthPort(worker, `built-in synth (${r.device}, ${r.sampleRate} Hz${spec.wavOut ? ` → ${spec.wavOut}` : ""})`, r.leadMs, report));
      };
      worker.on("message", settle);
      worker.once("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`the built-in synth failed to start: ${err.message}`));
      });
    });
  }

  send(bytes: readonly number[], atMs?: number): void {
    if (this.lost) throw new Error(this.lost);
    const c: SynthCommand = { type: "midi", bytes: [...bytes], ...(atMs !== undefined ? { at: atMs } : {}) };
    this.worker.postMessage(c);
  }

  /** Stop after what was sent has been rendered; resolves with the last figures. */
  async finish(): Promise<AudioStats | undefined> {
    if (this.lost) return this.audio;
    const done = new Promise<AudioStats>((resolve) => (this.closed = resolve));
    this.worker.postMessage({ type: "close" } satisfies SynthCommand);
    const stats = await Promise.race([done, new Promise<undefined>((r) => setTimeout(r, 3000))]);
    await this.worker.terminate();
    return stats ?? this.audio;
  }

  close(): void {
    void this.finish();
  }
}
