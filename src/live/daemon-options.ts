/** What a live daemon is started with (docs/live.md lists the command-line side of each). */
import type { LivePortOptions, OpenOutput } from "../output/open-output.ts";
import type { Quantum } from "./swap-boundary.ts";
import type { RecordingLink } from "./recording-link.ts";
import type { Rehearsal } from "./rehearse.ts";
import type { Daemon, JournalSink } from "./daemon.ts";

export interface DaemonOptions {
  dir: string;
  bpm?: number;
  seed?: string | number;
  /** The recording (default out.mid: with no MIDI port, this is where the set goes). */
  record?: string;
  /** The journal (default: next to the recording, `.journal.jsonl`); false: none. */
  journal?: string | false;
  quantize?: Quantum;
  beatsPerBar?: number;
  lookaheadMs?: number;
  /** Rehearse each new version for a bar offline before swapping it in (default true). */
  rehearse?: boolean;
  /** How often the recording is rewritten, ms (default 2000). */
  flushMs?: number;
  prelude?: string;
  say?: (text: string) => void;
  warn?: (text: string) => void;
  /** "virtual": nothing runs by itself and files are not watched (tests drive the timeline). */
  clock?: "realtime" | "virtual";
  /** The live MIDI port to open (false: none, record only). Realtime only. */
  port?: LivePortOptions | false;
  /** Take controllers (and MIDI clock with clockIn) from this input port: NAME, INDEX or /REGEX/. */
  midiIn?: string;
  /** Send MIDI clock (24 ppqn, start/stop, song position) to the live port. */
  clockOut?: boolean;
  /** Follow the MIDI clock arriving at the input: its tempo becomes the daemon's. */
  clockIn?: boolean;
  /**
   * Join the Ableton Link session on the local network: tempo both ways, bar lines aligned every
   * `quantum` beats. Nothing is sent to the network without it. `interfaces`: the IPv4 addresses to
   * use (default all; tests give loopback inside a network namespace).
   */
  link?: { quantum: number; interfaces?: string[]; startStop?: boolean };
  /** Told when Link moves the clock's origin (output clock ms): a supervisor keeps it for a takeover. */
  onOrigin?: (originMs: number) => void;
  /** Called once everything is set up, just before the clock starts (print the header here). */
  ready?: (d: Daemon) => void;
  /** Start the clock only once this resolves (the set is loaded meanwhile: the supervisor's output is still opening). */
  go?: Promise<void>;
  // ——— for an engine run by a supervisor (src/live/engine) ———
  /** Claim the folder and recording for this process (default true; a supervisor holds the claim for its engines). */
  claim?: boolean;
  /** Watch the patch files (default: in real time; a supervisor watches them for its engine). */
  watch?: boolean;
  /** Where journal entries go instead of a file (the supervisor's journal). */
  journalSink?: JournalSink;
  /** An output opened elsewhere (the supervisor's), used instead of opening `port`. */
  output?: OpenOutput;
  /** How a recording reaches the thread that writes it (default: a thread of its own). */
  recordingLink?: (path: string, fromTick: number) => RecordingLink;
  /** How a new version is rehearsed (default: here, in this thread). */
  rehearsal?: Rehearsal;
  /** Told, after each stretch of music is computed, the first tick not yet played. */
  played?: (tick: number) => void;
  /** Told when a patch's top level starts (its file) and ends (undefined). */
  loading?: (file: string | undefined) => void;
  /** Told the outcome of every load of a patch (a supervisor remembers the last for the status line). */
  /** A patch was reloaded (or refused); undefined: the file last reloaded is gone. */
  reloaded?: (r: { file: string; at: Date; ok: boolean } | undefined) => void;
  /** Told which files to watch when `watch` is false (the patch folder, the prelude, what patches import). */
  watching?: (paths: string[]) => void;
  /** Standby: load nothing and start no clock; the journal is followed until a takeover (engine/standby.ts). */
  standby?: boolean;
}
