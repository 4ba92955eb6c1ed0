/**
 * Where output bytes go. A port is opened inside the output thread (a live port or socket cannot
 * cross threads), so the main thread describes it with a PortSpec and the thread opens it.
 */

import type { AudioStats } from "../synth/protocol.ts";

export interface MidiPort {
  /** What the performer sees, e.g. "IAC Driver Bus 1" or "fluidsynth 127.0.0.1:40123". */
  readonly name: string;
  /**
   * Send one complete MIDI message now. Throws if the port is gone. `atMs` (nowMs clock) is when
   * it should sound, for a port that plays it there itself (see `leadMs`); without it: at once.
   */
  send(bytes: readonly number[], atMs?: number): void;
  /**
   * Optional: this port places each message at its `atMs` itself (the built-in synth renders audio
   * ahead of the sound card), and must receive it this long before (ms). The output thread then
   * sends that much early, and the audio path's latency is compensated as the port measured it.
   */
  readonly leadMs?: number;
  /** Why the port stopped working, if it knows (e.g. the synth closed its socket); then sends are futile. */
  readonly lost?: string | undefined;
  /**
   * Optional: the messages sent between startBurst() and endBurst() are one burst (a chord), and a
   * port that can may send them together — FluidSynth's socket in one write, not one per note.
   * They do not throw: a port that fails says so on the next send or through `lost`.
   */
  startBurst?(): void;
  /** Optional: how an audio port (the built-in synth) is doing, for stats. */
  readonly audio?: AudioStats | undefined;
  /** Optional: close once what was sent has sounded (a synth's release tail), not at once. */
  finish?(): Promise<unknown>;
  endBurst?(): void;
  close(): void;
}

/** A port, described so that the output thread can open it. */
export type PortSpec =
  | { kind: "fake"; name?: string; /** also append each send to this file, one "time b0 b1 b2" line (tests across processes) */ logFile?: string }
  | { kind: "rtmidi"; select?: string; virtual?: string }
  | { kind: "fluidsynth"; port: number }
  | BuiltinSynthSpec;

/** The built-in synth: to the default audio device, or to no device (the audio only to `wavOut`). */
export interface BuiltinSynthSpec {
  kind: "builtin";
  audio: "device" | "none";
  soundfont?: string;
  /** Also write what it plays to this WAV file. */
  wavOut?: string;
}

/** One line for the performer: what a spec opens. */
export function describeSpec(spec: PortSpec): string {
  switch (spec.kind) {
    case "fake":
      return `fake port${spec.name ? ` "${spec.name}"` : ""}`;
    case "rtmidi":
      return spec.virtual !== undefined ? `virtual MIDI output "${spec.virtual}"` : `MIDI output ${spec.select ?? "0"}`;
    case "fluidsynth":
      return `fluidsynth on 127.0.0.1:${spec.port}`;
    case "builtin":
      return `built-in synth${spec.audio === "none" ? " (no audio device)" : ""}${spec.wavOut ? ` → ${spec.wavOut}` : ""}`;
  }
}
