/**
 * The engine's stand-in for the output thread, which belongs to the supervisor (it must keep
 * sending, and release what sounds, while an engine is replaced). Messages go to the supervisor
 * stamped with their output-clock time; the supervisor hands them to the thread at once. The
 * bursts of one turn (a window of the clock computes several ticks) go as one message: each message
 * between threads costs a copy and a wake-up of the supervisor.
 */
import type { OutputStats } from "../../output/protocol.ts";
import type { OutputLink } from "../../output/open-output.ts";
import type { SoundNote } from "../../output/osc/sound-note.ts";
import type { EngineEvent } from "./protocol.ts";

export class RemoteOutput implements OutputLink {
  private nextId = 1;
  private readonly waiting = new Map<number, { ok: (s: OutputStats) => void; fail: (e: Error) => void }>();
  /** Bursts not yet posted (this turn's). */
  private bursts: Array<{ at: number; messages: number[][] }> = [];
  /** Whole notes not yet posted (this turn's), when the supervisor's output wants them (OSC). */
  private soundNotes: Array<{ at: number; notes: SoundNote[] }> = [];

  constructor(
    private readonly postNow: (e: EngineEvent) => void,
    public latencyMs: number,
    readonly wantsNotes = false,
    /** How early the supervisor's output wants each message (ms): the music is computed that much further ahead. */
    public leadMs = 0,
  ) {}

  notes(at: number, notes: readonly SoundNote[]): void {
    if (this.bursts.length === 0 && this.soundNotes.length === 0) queueMicrotask(() => this.flush());
    this.soundNotes.push({ at, notes: [...notes] });
  }

  send(at: number, bytes: readonly number[]): void {
    this.queue(at, [[...bytes]]);
  }

  sendMany(at: number, messages: readonly (readonly number[])[]): void {
    this.queue(at, messages.map((m) => [...m]));
  }

  panic(): void {
    this.post({ type: "out-panic" });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
    this.post({ type: "out-latency", ms });
  }

  private queue(at: number, messages: number[][]): void {
    if (this.bursts.length === 0 && this.soundNotes.length === 0) queueMicrotask(() => this.flush());
    this.bursts.push({ at, messages });
  }

  /** Post this turn's bursts (before anything else is posted, so that order is kept). */
  flush(): void {
    if (this.bursts.length === 0 && this.soundNotes.length === 0) return;
    const bursts = this.bursts;
    const notes = this.soundNotes;
    this.bursts = [];
    this.soundNotes = [];
    this.postNow({ type: "out", bursts, ...(notes.length > 0 ? { notes } : {}) });
  }

  private post(e: EngineEvent): void {
    this.flush();
    this.postNow(e);
  }

  stats(): Promise<OutputStats> {
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      this.post({ type: "out-stats", id });
    });
  }

  /** The supervisor's answer to stats(). */
  answered(id: number, stats: OutputStats | undefined, error: string | undefined): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    if (stats) w?.ok(stats);
    else w?.fail(new Error(error ?? "no output statistics"));
  }
}
