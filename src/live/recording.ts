/**
 * A recording of the live set to a Standard MIDI File that is valid at every moment: every couple
 * of seconds the file is rewritten to a temporary file and renamed over the old one (atomic on one
 * file system), so a crash leaves the last complete file, holding all but the last seconds.
 *
 * The main thread only hands over what changed since the last time (notes that ended, the few
 * still sounding, new controls); the recording thread keeps the rest and does the encoding, which
 * for a long set takes far longer than the music can wait.
 */
import type { MidiOutSink } from "../midi/midi-out-sink.ts";
import type { SongNote } from "../song/song.ts";
import { PPQ } from "../core/time.ts";
import type { RecordingReply, RecordingStart, RecordingUpdate } from "./recording-protocol.ts";
import { ownThread, type RecordingLink } from "./recording-link.ts";

export interface RecordingOptions {
  /** The first tick recorded (a take starts at a later bar). */
  fromTick?: number;
  /** How often the file is rewritten (ms); 0: only on flush(). */
  flushEveryMs?: number;
  onProblem?: (message: string) => void;
  /** How to reach the recording thread (default: a thread of its own). */
  link?: RecordingLink;
  /**
   * Hand over everything the sink has, replacing what the thread held: an engine that took over
   * from a runaway one rewrites the recording from its own copy of the set.
   */
  resume?: boolean;
}

/** How long after a takeover the new engine starts handing the set over again (ms). */
const RESUME_AFTER_MS = 250;
/** Notes per hand-over while catching up (a few ms of work on the engine's thread). */
const RESUME_CHUNK = 4000;

export class Recording {
  private readonly link: RecordingLink;
  private readonly onProblem: (message: string) => void;
  readonly fromTick: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | undefined;
  /** How far the sink's lists have been handed over. */
  private nextNote = 0;
  private nextControl = 0;
  private nextProgram = 0;
  /** Indexes of notes handed over as still sounding. */
  private sounding: number[] = [];
  private nextId = 1;
  private reset = false;
  /** Handing a whole set over again, chunk by chunk (after a takeover). */
  private catchingUp = false;
  private readonly waiting = new Map<number, { ok: () => void; fail: (e: Error) => void }>();
  /** The last write's duration on the recording thread (ms) and how many notes it held. */
  lastWrite: { ms: number; notes: number } | undefined;

  constructor(
    readonly path: string,
    private readonly midi: MidiOutSink,
    o: RecordingOptions = {},
  ) {
    this.fromTick = o.fromTick ?? 0;
    this.onProblem = o.onProblem ?? ((m) => console.error(m));
    if (o.resume) {
      this.reset = true;
    } else {
      // Only what is played from now on concerns this recording (a take starts at a later bar).
      const already = midi.recorded();
      this.nextNote = already.notes.length;
      this.nextControl = already.controls.length;
      this.nextProgram = already.programs.length;
    }
    const start: RecordingStart = { path, ppq: PPQ, fromTick: this.fromTick, name: midi.name };
    this.link = o.link ?? ownThread(start);
    this.link.onReply((r) => this.answered(r));
    this.link.onFailure((m) => this.onProblem(`recording ${path}: ${m}`));
    if (o.resume) {
      // An engine that just took over has music to play first; then it hands the set over in
      // chunks, each a few milliseconds of work, so the rewrite of a long set never holds it up.
      this.catchingUp = true;
      setTimeout(() => void this.catchUp(), RESUME_AFTER_MS).unref();
    } else {
      void this.flush().catch(() => {});
    }
    const flushEveryMs = o.flushEveryMs ?? 2000;
    if (flushEveryMs > 0) {
      // A very long set can take the thread longer than the period to write: then skip a turn
      // rather than queue writes (what changed meanwhile goes with the next one).
      this.timer = setInterval(() => {
        if (this.waiting.size === 0 && !this.catchingUp) void this.flush().catch(() => {});
      }, flushEveryMs);
      this.timer.unref();
    }
  }

  private async catchUp(): Promise<void> {
    while (!this.stopped) {
      await this.flush(undefined, RESUME_CHUNK).catch(() => {});
      if (this.nextNote >= this.midi.recorded().notes.length) break; // the last chunk wrote the file
      await new Promise((r) => setTimeout(r, 10));
    }
    this.catchingUp = false;
  }

  /** Hand over what changed and have the file rewritten; resolves when it is on disk. */
  flush(toTick?: number, chunk = Infinity): Promise<void> {
    const { notes, controls, programs, timeSignatures } = this.midi.recorded();
    const now = this.midi.bus.now;
    const done: SongNote[] = [];
    const stillSounding: number[] = [];
    const over = (n: SongNote) => n.endTick <= now || (toTick !== undefined && n.tick < toTick && n.endTick <= toTick);
    const end = Math.min(notes.length, this.nextNote + chunk);
    for (const i of [...this.sounding, ...range(this.nextNote, end)]) {
      const n = notes[i]!;
      if (over(n)) done.push({ ...n });
      else stillSounding.push(i);
    }
    const more = end < notes.length;
    this.nextNote = end;
    this.sounding = stillSounding;
    const update: RecordingUpdate = {
      kind: "update",
      done,
      sounding: stillSounding.map((i) => ({ ...notes[i]! })),
      controls: controls.slice(this.nextControl).map((c) => ({ ...c })),
      programs: programs.slice(this.nextProgram).map((p) => ({ ...p })),
      tempos: this.midi.bus.timeline.tempo.changes.map((c) => ({ tick: c.tick, bpm: c.bpm })),
      timeSignatures: timeSignatures.map((t) => ({ ...t })),
      ...(toTick !== undefined ? { toTick } : {}),
      ...(this.reset ? { reset: true } : {}),
      ...(more ? { more: true } : {}),
      id: this.nextId++,
    };
    this.reset = false;
    this.nextControl = controls.length;
    this.nextProgram = programs.length;
    return new Promise((ok, fail) => {
      this.waiting.set(update.id, { ok, fail });
      this.link.post(update);
    });
  }

  /**
   * The last write: everything up to `toTick` (default: where the sink stopped — the set's end,
   * which its replay ends at too — or else all that was played); then the thread ends.
   */
  stop(toTick?: number): Promise<void> {
    this.stopped ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      try {
        await this.flush(toTick ?? this.midi.stoppedAt);
      } finally {
        await this.link.close();
      }
    })();
    return this.stopped;
  }

  private answered(r: RecordingReply): void {
    const w = this.waiting.get(r.id);
    this.waiting.delete(r.id);
    if (r.kind === "failed") {
      this.onProblem(`recording ${this.path} could not be written: ${r.message}`);
      w?.fail(new Error(r.message));
      return;
    }
    this.lastWrite = { ms: r.ms, notes: r.notes };
    w?.ok();
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
