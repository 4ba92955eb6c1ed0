/**
 * Where output bytes go. A port is opened inside the output thread (a live port or socket cannot
 * cross threads), so the main thread describes it with a PortSpec and the thread opens it.
 */

export interface MidiPort {
  /** What the performer sees, e.g. "IAC Driver Bus 1" or "fluidsynth 127.0.0.1:40123". */
  readonly name: string;
  /** Send one complete MIDI message now. Throws if the port is gone. */
  send(bytes: readonly number[]): void;
  /** Why the port stopped working, if it knows (e.g. the synth closed its socket); then sends are futile. */
  readonly lost?: string | undefined;
  /**
   * Optional: the messages sent between startBurst() and endBurst() are one burst (a chord), and a
   * port that can may send them together — FluidSynth's socket in one write, not one per note.
   * They do not throw: a port that fails says so on the next send or through `lost`.
   */
  startBurst?(): void;
  endBurst?(): void;
  close(): void;
}

/** A port, described so that the output thread can open it. */
export type PortSpec =
  | { kind: "fake"; name?: string; /** also append each send to this file, one "time b0 b1 b2" line (tests across processes) */ logFile?: string }
  | { kind: "rtmidi"; select?: string; virtual?: string }
  | { kind: "fluidsynth"; port: number };

/** One line for the performer: what a spec opens. */
export function describeSpec(spec: PortSpec): string {
  switch (spec.kind) {
    case "fake":
      return `fake port${spec.name ? ` "${spec.name}"` : ""}`;
    case "rtmidi":
      return spec.virtual !== undefined ? `virtual MIDI output "${spec.virtual}"` : `MIDI output ${spec.select ?? "0"}`;
    case "fluidsynth":
      return `fluidsynth on 127.0.0.1:${spec.port}`;
  }
}
