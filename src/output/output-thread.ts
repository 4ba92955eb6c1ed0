/**
 * The main thread's handle on the output thread. Stamp each message with the time it is for
 * (the nowMs() clock); the thread sends it at that time plus the latency, whatever the main thread
 * is doing then. A heartbeat tells the thread the main thread is alive; if it stops for longer
 * than `watchdogMs`, the thread silences every sounding note until it comes back.
 *
 * @example
 *   const out = await OutputThread.start({ port: { kind: "fake" }, latencyMs: 40 });
 *   const t = nowMs();
 *   out.sendMany(t, [[0x90, 64, 90], [0x90, 60, 90]]); // a chord: 60 then 64, back to back, at t + 40 ms
 *   out.send(t + 500, [0x80, 60, 0]);
 *   out.setLatency(30);                                 // glides there; no reordering, no jump
 *   await out.close();                                  // releases whatever still sounds
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { AdaptiveSpinOptions } from "./adaptive-spin.ts";
import { checkedBurst } from "./burst.ts";
import { withoutMemoryReducer } from "./gc-pacer.ts";
import { nowMs } from "./clock.ts";
import { LatencyGlide, MAX_LATENCY_MS } from "./latency-glide.ts";
import type { SentMessage } from "./ports/fake-port.ts";
import type { PortSpec } from "./ports/midi-port.ts";
import { CONTROL_SLOTS, HEARTBEAT, RELEASED, ringDoorbell, type Command, type OutputStats, type Reply, type SenderHandle, type WorkerConfig } from "./protocol.ts";
import type { PriorityReport } from "./rt-priority.ts";

/**
 * Default output latency (ms): how long after its stamp a message sounds. It must cover the longest
 * the main thread can be late handing a message over (minus any lookahead the scheduler already
 * computes ahead). Main-thread timers reach ≈ 29 ms late when the thread is blocked 30 ms every 100 ms
 * (docs/timing.md); 40 ms leaves a margin on a machine that is not overloaded. The benchmark reports
 * what each run needed; raise it live with setLatency() on a loaded machine.
 */
export const DEFAULT_LATENCY_MS = 40;
/** Default watchdog (ms): longer than any ordinary pause of the main thread (GC, a big reload). */
export const DEFAULT_WATCHDOG_MS = 500;
/**
 * The spin window never shrinks below this (ms). The window follows the measured wake-up lateness,
 * but on a virtual machine the rare late wake-ups (0.2–1.5 ms) escape a percentile estimate;
 * a 0.4 ms floor caught them for p99 ≈ 0.07 ms at ≈ 9 % of a core at 200 events/s, where the
 * adaptive window alone (≈ 0.15 ms) gave p99 0.15–0.21 ms at 4–7 % (docs/timing.md).
 */
export const DEFAULT_SPIN_FLOOR_MS = 0.4;

/** How long process exit waits for the thread to release sounding notes (ms). */
const EXIT_GRACE_MS = 200;

export interface OutputThreadOptions {
  port: PortSpec;
  /** Output latency (ms), see DEFAULT_LATENCY_MS. Change it live with setLatency(). */
  latencyMs?: number;
  /** How fast a latency change glides, in ms of latency per ms (0 < rate < 1; default 0.05). */
  glideRate?: number;
  /** All notes off after this long without a heartbeat (ms); 0 disables the watchdog. */
  watchdogMs?: number;
  /** "auto" beats from a timer on this thread; "manual" leaves it to beat() (tests). */
  heartbeat?: "auto" | "manual";
  /** SCHED_FIFO priority to request for the thread (default 10), or false for normal scheduling. */
  realtime?: number | false;
  spin?: AdaptiveSpinOptions;
  /** How often a lost port is reopened (ms). */
  retryMs?: number;
  /** Problems (port lost/back, watchdog trips); default console.error. */
  onProblem?: (message: string) => void;
}

export interface CloseResult {
  stats: OutputStats;
  /** What a fake port received, with send times. */
  recorded?: SentMessage[];
}

export class OutputThread {
  private readonly control: Int32Array;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** Whether the thread's own timer beats when nobody else does (heartbeat "auto"). */
  private autoBeat = false;
  private nextId = 1;
  private nextSender = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private closing: Promise<CloseResult> | undefined;
  private stopped = false;
  private closedWith: ((r: CloseResult) => void) | undefined;
  private constructor(
    private readonly worker: Worker,
    private readonly inbox: MessagePort,
    private readonly config: WorkerConfig,
    /** Scheduling policy the thread got (SCHED_FIFO where permitted, else normal, with the reason). */
    readonly priority: PriorityReport,
    /** The port's name as the performer knows it. */
    readonly portName: string,
    /** How early the port wants each message before it sounds (ms): the built-in synth's audio path; 0 for MIDI. */
    readonly leadMs: number,
    private readonly onProblem: (message: string) => void,
    /** A mirror of the thread's latency glide (same changes, same times), to know when a message is due. */
    private readonly glide: LatencyGlide,
  ) {
    this.control = new Int32Array(config.control, 0, CONTROL_SLOTS);
    worker.on("message", (r: Reply) => this.receive(r));
    worker.on("error", (err) => this.onProblem(`output thread failed: ${err.message}`));
    worker.once("exit", () => {
      this.stopped = true;
      process.off("exit", this.exitHook);
    });
    process.once("exit", this.exitHook);
  }

  /**
   * If the process exits without close() (process.exit() in a signal handler, say), the worker
   * would die with notes sounding. So on exit, ask it to close and wait — synchronously, exit
   * handlers cannot await — up to EXIT_GRACE_MS for it to release them.
   */
  private readonly exitHook = () => {
    if (this.stopped) return;
    this.post({ type: "close" });
    Atomics.wait(this.control, RELEASED, 0, EXIT_GRACE_MS);
  };

  /** Start the thread and open the port in it; rejects with a one-line reason if the port cannot open. */
  static async start(o: OutputThreadOptions): Promise<OutputThread> {
    const latencyMs = o.latencyMs ?? DEFAULT_LATENCY_MS;
    const glide = new LatencyGlide(latencyMs, o.glideRate ?? 0.05); // checks both before anything starts
    const config: WorkerConfig = {
      port: o.port,
      latencyMs,
      glideRate: glide.rate,
      watchdogMs: o.watchdogMs ?? DEFAULT_WATCHDOG_MS,
      realtime: o.realtime ?? 10,
      spin: { minMs: DEFAULT_SPIN_FLOOR_MS, ...o.spin },
      retryMs: o.retryMs ?? 1000,
      epochMs: Math.floor(nowMs()),
      control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
    };
    const { port1, port2 } = new MessageChannel();
    const worker = withoutMemoryReducer(
      () => new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { config, inbox: port2 }, transferList: [port2] }),
    );
    const onProblem = o.onProblem ?? ((m: string) => console.error(m));
    const first = await new Promise<Reply>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`output thread exited (${code}) before it was ready`));
      worker.once("error", reject);
      worker.once("exit", onExit);
      worker.once("message", (r: Reply) => {
        worker.off("error", reject);
        worker.off("exit", onExit);
        resolve(r);
      });
    });
    if (first.type !== "ready") {
      await worker.terminate();
      port1.close();
      throw new Error(first.type === "failed" ? first.message : `output thread sent ${first.type} before ready`);
    }
    const t = new OutputThread(worker, port1, config, first.priority, first.port, first.leadMs, onProblem, glide);
    t.autoBeat = o.heartbeat !== "manual";
    if (t.autoBeat) t.startHeartbeat();
    else t.beat();
    return t;
  }

  /** Send `bytes` at `atMs` + latency. Throws a MidiMessageError for malformed bytes. */
  send(atMs: number, bytes: readonly number[]): void {
    this.sendMany(atMs, [bytes]);
  }

  /** Send messages together at `atMs` + latency, in one burst: note-offs, others, then note-ons lowest first. */
  sendMany(atMs: number, messages: readonly (readonly number[])[]): void {
    if (!Number.isFinite(atMs)) throw new RangeError(`send time must be a finite nowMs() time, got ${atMs}`);
    const burst = checkedBurst(messages);
    if (burst.length === 0) return;
    this.post({ type: "send", at: atMs, messages: burst }, this.glide.due(atMs));
  }

  /** Now: drop everything pending, note-off every sounding note, All Notes Off on all 16 channels. */
  panic(): void {
    this.post({ type: "panic" });
  }

  /** Glide to a new latency (ms), starting now; order is kept and nothing jumps. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS)
      throw new RangeError(`latency must be a number of ms from 0 to ${MAX_LATENCY_MS}, got ${ms}`);
    const now = nowMs();
    this.glide.set(now, ms);
    this.glide.prune(now - 60_000);
    this.post({ type: "latency", ms, now });
  }

  /** The latency set last (the thread may still be gliding towards it). */
  get latencyMs(): number {
    return this.glide.target;
  }

  /**
   * A line of its own into the thread, for another thread to send on (transfer `port`): the
   * supervised daemon's engine sends its music there directly, so the main thread neither wakes
   * nor copies for each burst (docs/architecture.md).
   */
  openSender(): SenderHandle {
    const { port1, port2 } = new MessageChannel();
    const sender = this.nextSender++;
    this.post({ type: "adopt", sender, port: port2 }, -Infinity, [port2]);
    const now = nowMs();
    // Mid-glide, the lower of the two: the sender may wake the thread early, never late.
    const latencyMs = Math.min(this.glide.at(now), this.glide.target);
    return { id: sender, port: port1, control: this.config.control, epochMs: this.config.epochMs, latencyMs, glideRate: this.glide.rate };
  }

  /**
   * Sender `to` takes over from `from`, which ran away: `from` is read to its end and closed, and
   * what `to` sends for a time `from` already sent for keeps only its note-offs. Resolves with
   * that time (the output clock), if `from` sent anything.
   */
  async handOver(from: number, to: number): Promise<number | undefined> {
    const r = await this.request((id) => ({ type: "handover", id, from, to }));
    if (r.type !== "handed-over") throw new Error("output thread answered out of turn");
    return r.lastSentAt;
  }

  /** Tell the thread the main thread is alive. A timer does it unless heartbeat is "manual" or beats come from elsewhere. */
  beat(): void {
    Atomics.store(this.control, HEARTBEAT, Math.max(1, Math.round(nowMs() - this.config.epochMs)));
  }

  /**
   * From now on the caller beats, at least four times per watchdog period (the supervisor's
   * watch, which wakes anyway), and the thread's own timer stops: the main thread no longer
   * wakes for it as well. `false` gives the beating back to the timer. (Putting the timer off
   * with `refresh()` at each beat still woke the thread: Node's timer list keeps its first
   * expiry and only then finds the timer moved, about ten wake-ups a second.)
   */
  beatsFromCaller(on: boolean): void {
    if (on) {
      clearTimeout(this.heartbeatTimer);
      this.heartbeatTimer = undefined;
    } else if (this.heartbeatTimer === undefined && this.autoBeat && !this.closing && !this.stopped) this.startHeartbeat();
  }

  async stats(): Promise<OutputStats> {
    const r = await this.request((id) => ({ type: "stats", id }));
    if (r.type !== "stats") throw new Error("output thread answered out of turn");
    return r.stats;
  }

  /** Resolves once everything queued so far has been sent. */
  async flush(): Promise<void> {
    await this.request((id) => ({ type: "flush", id }));
  }

  /**
   * Release every sounding note, close the port, end the thread. What is pending is dropped, or,
   * given `until` (output clock ms: the set's end), first played out up to it.
   */
  close(until?: number): Promise<CloseResult> {
    if (this.closing) return this.closing;
    if (this.stopped) return Promise.reject(new Error("output thread has stopped"));
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.closing = new Promise<CloseResult>((resolve, reject) => {
      this.closedWith = resolve;
      this.worker.once("exit", (code) => reject(new Error(`output thread exited (${code}) before it closed`)));
    }).finally(async () => {
      this.inbox.close();
      await this.worker.terminate();
    });
    this.post(until === undefined ? { type: "close" } : { type: "close", until });
    return this.closing;
  }

  private startHeartbeat(): void {
    // Four beats to each watchdog period: a main thread a little late is not taken for a stuck one.
    const every = Math.max(5, this.config.watchdogMs / 4 || 125);
    this.heartbeatTimer = setInterval(() => this.beat(), every).unref();
    this.beat();
  }

  /** Hand a command over; wake the thread only if it must act before it wakes by itself. */
  private post(c: Command, dueMs = -Infinity, transfer?: MessagePort[]): void {
    if (this.closing && c.type !== "close") throw new Error("output thread is closed");
    if (this.stopped) throw new Error("output thread has stopped");
    this.inbox.postMessage(c, transfer);
    ringDoorbell(this.control, this.config.epochMs, dueMs);
  }

  private request(make: (id: number) => Command): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post(make(id));
    });
  }

  private receive(r: Reply): void {
    switch (r.type) {
      case "problem":
        return this.onProblem(r.message);
      case "stats":
      case "flushed":
      case "handed-over":
        this.waiting.get(r.id)?.(r);
        this.waiting.delete(r.id);
        return;
      case "closed":
        this.closedWith?.({ stats: r.stats, ...(r.recorded ? { recorded: r.recorded } : {}) });
        return;
      default:
        return;
    }
  }
}
