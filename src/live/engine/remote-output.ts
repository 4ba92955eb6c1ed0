/**
 * The engine's stand-in for the output thread, which belongs to the supervisor (it must keep
 * sending, and release what sounds, while an engine is replaced). Messages stamped with their
 * output-clock time go to the thread on a line of its own (a DirectSender, once the supervisor
 * gives one), or through the supervisor (before that, or for an output that is not a plain output
 * thread, such as OSC). The bursts of one turn (a window of the clock computes several ticks) go
 * as one message: each message between threads costs a copy and a wake-up.
 */
import { checkedBurst } from "../../output/burst.ts";
import type { DirectSender } from "../../output/direct-sender.ts";
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
  /** The line straight to the output thread, once the supervisor has given it. */
  private direct: DirectSender | undefined;

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

  /** From now on, send on this line (what was queued before goes with the next flush, on it). */
  sendDirectly(direct: DirectSender): void {
    this.direct = direct;
  }

  send(at: number, bytes: readonly number[]): void {
    this.sendMany(at, [bytes]);
  }

  // Checked here, so that a malformed message throws at the sender, as the output thread's own send does.
  sendMany(at: number, messages: readonly (readonly number[])[]): void {
    const burst = checkedBurst(messages);
    if (burst.length > 0) this.queue(at, burst);
  }

  panic(): void {
    this.flush();
    if (this.direct) this.direct.panic();
    else this.postNow({ type: "out-panic" });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
    this.direct?.setLatency(ms);
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
    if (this.direct) {
      this.direct.sends(bursts);
      if (notes.length > 0) this.postNow({ type: "out", bursts: [], notes });
    } else {
      this.postNow({ type: "out", bursts, ...(notes.length > 0 ? { notes } : {}) });
    }
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
