/** What the main thread tells the recording thread. */
import type { SongControl, SongNote, SongProgram, TimeSignature } from "../song/song.ts";

export interface RecordingStart {
  path: string;
  ppq: number;
  /** The recording starts at this tick (a take); it is moved to 0 in the file. */
  fromTick: number;
  name: string;
}

export interface RecordingUpdate {
  kind: "update";
  /** Notes that are over: they will not change again. */
  done: SongNote[];
  /** Notes still sounding (their end may still move): replaced wholesale each time. */
  sounding: SongNote[];
  controls: SongControl[];
  programs: SongProgram[];
  tempos: { tick: number; bpm: number }[];
  /** the metre from tick 0 and every change since */
  timeSignatures: TimeSignature[];
  /** Cut the file here (the end of a take or of the set). */
  toTick?: number;
  /** Forget what was handed over before: this update holds the whole set (an engine took over). */
  reset?: boolean;
  /** More of the set follows at once: keep this, write the file with the last chunk. */
  more?: boolean;
  /** Answer with "written" when this update is on disk. */
  id: number;
}

export type RecordingReply = { kind: "written"; id: number; ms: number; notes: number } | { kind: "failed"; id: number; message: string };

/** The supervisor hands the recording thread a port for an engine to write through. */
export interface RecordingAttach {
  kind: "attach";
  port: import("node:worker_threads").MessagePort;
}
