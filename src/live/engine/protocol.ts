/**
 * What the supervisor (the daemon's main thread: terminal, sockets, files, output) and an engine
 * (a worker running the bus, the nodes, the patches and REPL evaluation) say to each other.
 * Requests carry an id and are answered once; events flow one way.
 */
import type { MessagePort } from "node:worker_threads";
import type { JournalEntry, SessionHeader } from "../journal.ts";
import type { Carried } from "./carried.ts";
import type { OutputStats, SenderHandle } from "../../output/protocol.ts";
import type { SoundNote } from "../../output/osc/sound-note.ts";
import type { Quantum } from "../swap-boundary.ts";
import type { WatchEvent } from "../watcher.ts";
import type { SourceLocation } from "../code-frame.ts";

/** What starts an engine (its workerData). */
export interface EngineInit {
  /** "primary" plays; "standby" follows the journal, ready to take over. */
  role: "primary" | "standby";
  dir: string;
  /** The set's recording (absolute path; its thread belongs to the supervisor). */
  record: string;
  bpm: number;
  seed: string | number;
  beatsPerBar: number;
  quantize: Quantum;
  lookaheadMs?: number;
  midiIn?: string;
  clockIn?: boolean;
  clockOut?: boolean;
  /** Join the Ableton Link session (docs/together.md). */
  link?: { quantum: number; interfaces?: string[]; startStop?: boolean };
  /**
   * The supervisor has an output open (latency in ms, and what it is; `notes`: it wants whole
   * notes, for OSC; `leadMs`: how early it wants each message, see OutputLink.leadMs).
   */
  output?: { latencyMs: number; description: string; notes?: boolean; leadMs?: number };
  /** Colour the status line. */
  color: boolean;
  /** Keep the status line up to date (a terminal shows it as the prompt). */
  status: boolean;
  /** The heartbeat block (see heartbeat.ts). */
  heartbeat: SharedArrayBuffer;
  /** Load the set, then wait for `go` to start the clock (the output is still opening). */
  waitForGo?: boolean;
}

/** Where the music stood when the engine that played it stopped answering. */
export interface TakeoverOrder {
  /** The tick the runaway engine was stuck in, if it was playing music. */
  stuckTick?: number;
  /** The node to take out (it never returned), if one is to blame. */
  node?: string;
  reason: string;
  /** Musical second 0 on the output clock (nowMs), so the music goes on on the same grid. */
  originMs: number;
  /** The output latency (ms) when there is a live output: notes later than this are not sent. */
  latencyMs?: number;
  /** The last time (output clock) the old engine handed the output a message for. */
  lastSentAt?: number;
  /** The last load of a patch, for the status line. */
  lastReload?: { file: string; ok: boolean; at: number };
  /** What the performer set that the journal does not hold (.quantize, controller mappings). */
  carried?: Carried;
  /** Ports to the recording threads: the set, and a take in progress. */
  recording: MessagePort;
  take?: { path: string; fromTick: number; port: MessagePort };
}

export type SupervisorRequest =
  | { type: "eval"; id: number; entry: string; color: boolean }
  | { type: "command"; id: number; name: string; args: string }
  | { type: "complete"; id: number; line: string }
  | { type: "quit"; id: number }
  | { type: "takeover"; id: number; order: TakeoverOrder }
  | { type: "stats-reply"; id: number; stats?: OutputStats; error?: string }
  | { type: "recording-port"; id: number; port: MessagePort }
  | { type: "rehearse-reply"; id: number; error?: RehearsalFailure };

export type SupervisorNote =
  | { type: "file"; event: WatchEvent }
  /** Standby: journal entries the primary acted on, and how far it has played (every tick < commit). */
  | { type: "follow"; entries: JournalEntry[]; commit: number }
  | { type: "line"; line: string }
  /** The output is open (wanting each message `leadMs` early): start the clock. */
  | { type: "go"; leadMs?: number }
  /** A line straight to the output thread: the engine's music goes there, not through the supervisor. */
  | { type: "output-sender"; sender: SenderHandle };

export type ToEngine = SupervisorRequest | SupervisorNote;

export interface EvalReply {
  /** The value, formatted for the terminal. */
  shown?: string;
  error?: string;
  incomplete?: boolean;
}

export type EngineReply =
  | { type: "eval"; id: number; reply: EvalReply }
  | { type: "command-output"; id: number; text: string; error: boolean }
  | { type: "command-done"; id: number }
  | { type: "complete"; id: number; completions: string[]; word: string }
  /** `endAt`: the end on the output clock (ms), when the engine had an output. */
  | { type: "quit"; id: number; endTick: number; endAt?: number }
  | { type: "takeover"; id: number; silence?: { from: number; until: number; ms: number }; owner?: string };

export type EngineEvent =
  /** The set is loaded and about to start: its journal opens before the first cue acts. */
  | { type: "header"; header: Omit<SessionHeader, "kind" | "version"> }
  | { type: "ready"; commands: Record<string, string>; originMs?: number }
  /** Link moved the clock's origin (output clock ms). */
  | { type: "origin"; originMs: number }
  | { type: "say"; text: string }
  | { type: "warn"; text: string }
  | { type: "journal"; entry: JournalEntry }
  /** Every tick before this one has been played. */
  | { type: "commit"; tick: number }
  | { type: "status"; line: string }
  /** .quantize or a controller mapping changed (carried.ts). */
  | { type: "carried"; carried: Carried }
  /** A patch was loaded (or refused): the status line shows the last, after a takeover too. */
  | { type: "reloaded"; file: string; ok: boolean; at: number }
  /** The file last reloaded was removed: the status line forgets it. */
  | { type: "reloaded-gone" }
  /** Files to watch (the patch folder, the prelude, what the patches import). */
  | { type: "watch"; paths: string[] }
  | { type: "node-id"; id: number; name: string }
  /** Bursts for the output thread, each at its output-clock time: all those of one turn of the engine, in one message. */
  | { type: "out"; bursts: Array<{ at: number; messages: number[][] }>; notes?: Array<{ at: number; notes: SoundNote[] }> }
  | { type: "out-panic" }
  | { type: "out-latency"; ms: number }
  | { type: "out-stats"; id: number }
  | { type: "recording-open"; id: number; path: string; fromTick: number }
  /** Rehearse a version on the rehearsal thread (a runaway top level is caught there, not here). */
  | { type: "rehearse"; id: number; job: RehearsalJob }
  /** The performer asked to end the set (.quit on the main terminal). */
  | { type: "quit-asked" }
  /** Standby: it could not follow the journal (it will be replaced). */
  | { type: "lost"; reason: string };

export type FromEngine = EngineReply | EngineEvent;

/** A version to rehearse on the rehearsal thread. */
export interface RehearsalJob {
  file: string;
  code: string;
  prelude: string;
  atTick: number;
  bpm: number;
  seed: string | number;
  beatsPerBar: number;
}

/** Why a rehearsal failed, enough to rebuild the PatchError. */
export interface RehearsalFailure {
  summary: string;
  location?: SourceLocation;
  phase: "compile" | "load" | "validate";
}
