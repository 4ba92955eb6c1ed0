/** What the synth port (in the output thread) and the synth thread say to each other. */

export interface SynthThreadConfig {
  audio: "device" | "none";
  soundfont?: string;
  wavOut?: string;
}

/** To the synth thread: a message to sound at `at` (nowMs clock), or at once when `at` is absent. */
export type SynthCommand = { type: "midi"; bytes: number[]; at?: number } | { type: "close" };

/** How the built-in synth is doing. */
export interface AudioStats {
  sampleRate: number;
  /** The audio path: rendered ahead of the device + the device's own latency (ms). */
  pathLatencyMs: number;
  /** How early the synth must receive a message (ms): the output thread sends that much ahead. */
  leadMs: number;
  /** Messages that arrived after their frame was rendered (played at once, late). */
  late: number;
  /** The latest of them (ms). */
  lateMaxMs: number;
  /** Times the device caught up with the rendered audio (a dropout). */
  underruns: number;
  /**
   * Times the device caught up while nothing sounded (no dropout, but a note due in the next
   * moments sounds late), and how far behind the device the synth was at the worst (ms): says
   * whether a late note came from a stall here or from a message that came late.
   */
  stalls: number;
  stallMaxMs: number;
  voices: number;
  maxVoices: number;
  /** The synth thread's CPU, percent of one core since it started. */
  cpuPercent: number;
  /** The device clock against the output clock (ppm), and the offset between them (ms). */
  driftPpm: number;
  offsetMs: number;
  /** Frames written to the WAV file, if any. */
  wavFrames: number;
}

export type SynthReply =
  | { type: "ready"; sampleRate: number; leadMs: number; device: string }
  | { type: "failed"; message: string }
  /** Something the performer should know now, the set going on. */
  | { type: "warn"; message: string }
  | { type: "stats"; stats: AudioStats }
  | { type: "closed"; stats: AudioStats };
