/**
 * What the output thread does, without threads or real time: queue stamped bursts, send those
 * that are due, keep the ledger of sounding notes, glide the latency, and trip the watchdog.
 * The clock is passed in, so tests drive it by hand; output-worker.ts runs it in real time.
 */
import { BurstQueue, type Burst } from "./burst-queue.ts";
import { LatencyGlide } from "./latency-glide.ts";
import { isNoteOn } from "./midi-bytes.ts";
import { allNotesOff, NoteLedger } from "./note-ledger.ts";
import type { MidiPort } from "./ports/midi-port.ts";

export interface OutputEngineOptions {
  port: MidiPort;
  /** Added to every stamp: a message for time t goes out at t + latency (ms). */
  latencyMs: number;
  /** How fast a latency change glides (ms of latency per ms; < 1 keeps order). */
  glideRate?: number;
  /** All notes off when the main thread has not beaten for this long (ms; 0: never). */
  watchdogMs: number;
  /** Problems for the performer (port errors, watchdog trips). */
  report?: (message: string) => void;
}

export interface EngineStats {
  /** Messages sent to the port. */
  sent: number;
  /** Bursts pending. */
  queued: number;
  /** Messages that reached the thread after their send time (the latency was too short for them). */
  lateArrivals: number;
  /** The largest (arrival − stamp) seen (ms): the latency needed to avoid late arrivals. */
  maxArrivalMs: number;
  /** Send time − due time over recent sends (ms). */
  errorP50Ms: number;
  errorP99Ms: number;
  errorMaxMs: number;
  /** Latency now and the one it glides to (ms). */
  latencyMs: number;
  latencyTargetMs: number;
  /** Notes sounding now. */
  sounding: number;
  watchdogTrips: number;
  /** True while the watchdog holds output silent. */
  stalled: boolean;
  /** Note-ons dropped while the watchdog held output silent. */
  droppedNoteOns: number;
  /** Sends the port refused. */
  portErrors: number;
}

export class OutputEngine {
  private readonly queue = new BurstQueue();
  private readonly ledger = new NoteLedger();
  private readonly glide: LatencyGlide;
  private readonly port: MidiPort;
  /** How early the port wants each message (ms): it places them at their time itself. */
  private readonly leadMs: number;
  private readonly watchdogMs: number;
  private readonly report: (message: string) => void;
  private lastBeat = -Infinity;
  private tripped = false;
  private lastPortError: string | undefined;
  private readonly errors = new Float64Array(1024);
  private errorCount = 0;
  private s = { sent: 0, lateArrivals: 0, maxArrivalMs: -Infinity, watchdogTrips: 0, droppedNoteOns: 0, portErrors: 0 };

  constructor(o: OutputEngineOptions) {
    this.port = o.port;
    this.leadMs = o.port.leadMs ?? 0;
    this.glide = new LatencyGlide(o.latencyMs, o.glideRate);
    this.watchdogMs = o.watchdogMs;
    this.report = o.report ?? (() => {});
  }

  /** Queue messages (already checked and ordered) for time `at`, received at `now`. */
  enqueue(at: number, messages: number[][], now: number): void {
    const arrival = now - at;
    if (arrival > this.s.maxArrivalMs) this.s.maxArrivalMs = arrival;
    if (now > this.sendTime(at)) this.s.lateArrivals += messages.length;
    this.queue.push({ at, messages, receivedAt: now });
  }

  /** When the next burst is due (nowMs clock), if any. */
  nextDue(): number | undefined {
    const b = this.queue.peek();
    return b === undefined ? undefined : this.sendTime(b.at);
  }

  /** When a message stamped `at` sounds: at its time plus the latency. */
  soundTime(at: number): number {
    return this.glide.due(at);
  }

  /** When a message stamped `at` goes to the port: at its time plus the latency, less the port's lead. */
  private sendTime(at: number): number {
    return this.glide.due(at) - this.leadMs;
  }

  /** When the next burst reached the thread (nowMs clock), if any. */
  nextReceivedAt(): number | undefined {
    return this.queue.peek()?.receivedAt;
  }

  /** Send every burst due at or before `now`; `clock` reads the time of each send. Returns messages sent. */
  runDue(now: number, clock: () => number = () => now): number {
    let n = 0;
    for (let b = this.queue.peek(); b !== undefined && this.sendTime(b.at) <= now; b = this.queue.peek()) {
      this.queue.shift();
      n += this.sendBurst(b, clock);
    }
    const oldest = this.queue.peek();
    this.glide.prune(oldest === undefined ? now - this.glide.target : oldest.at);
    return n;
  }

  /** The main thread is alive at time `t`. */
  beat(t: number): void {
    if (t <= this.lastBeat) return;
    this.lastBeat = t;
    if (this.tripped) {
      this.tripped = false;
      this.report(`output: main thread is back; output resumed (${this.s.droppedNoteOns} note-ons dropped while it was stalled)`);
    }
  }

  /** Trip the watchdog if the main thread has been silent too long: all notes off, note-ons held. */
  checkWatchdog(now: number): boolean {
    if (this.tripped || this.watchdogMs <= 0 || this.lastBeat === -Infinity) return false;
    const silent = now - this.lastBeat;
    if (silent <= this.watchdogMs) return false;
    this.tripped = true;
    this.s.watchdogTrips++;
    const released = this.ledger.size;
    this.silence();
    this.report(`output: main thread silent for ${silent.toFixed(0)} ms (watchdog ${this.watchdogMs} ms): all notes off (${released} released)`);
    return true;
  }

  /** Drop everything pending, release every sounding note, then All Notes Off on all 16 channels. */
  panic(): number {
    this.queue.clear();
    const released = this.ledger.size;
    this.silence();
    return released;
  }

  /** Glide to a new latency from stamp time `now` on. */
  setLatency(now: number, ms: number): void {
    this.glide.set(now, ms);
  }

  /** Drop what is pending and release the sounding notes (note-offs only). */
  close(): void {
    this.queue.clear();
    this.asBurst(() => {
      for (const m of this.ledger.releaseAll()) this.write(m);
    });
  }

  get pending(): number {
    return this.queue.size;
  }

  stats(now: number): EngineStats {
    const n = Math.min(this.errorCount, this.errors.length);
    const sorted = this.errors.slice(0, n).sort();
    const q = (p: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil(p * n) - 1)]!);
    return {
      ...this.s,
      maxArrivalMs: this.s.maxArrivalMs === -Infinity ? 0 : this.s.maxArrivalMs,
      queued: this.queue.size,
      errorP50Ms: q(0.5),
      errorP99Ms: q(0.99),
      errorMaxMs: n === 0 ? 0 : sorted[n - 1]!,
      latencyMs: this.glide.at(now),
      latencyTargetMs: this.glide.target,
      sounding: this.ledger.size,
      stalled: this.tripped,
    };
  }

  private sendBurst(b: Burst, clock: () => number): number {
    const sounds = this.glide.due(b.at);
    const due = sounds - this.leadMs;
    let n = 0;
    this.asBurst(() => {
      for (const m of b.messages) {
        if (this.tripped && isNoteOn(m)) {
          this.s.droppedNoteOns++;
          continue;
        }
        const t = clock();
        if (this.write(m, sounds)) {
          this.errors[this.errorCount++ % this.errors.length] = Math.abs(t - due);
          n++;
        }
      }
    });
    return n;
  }

  private silence(): void {
    this.asBurst(() => {
      for (const m of this.ledger.releaseAll()) this.write(m);
      for (const m of allNotesOff()) this.write(m);
    });
  }

  /** Messages written in `f` are one burst: a port that can sends them together. */
  private asBurst(f: () => void): void {
    this.port.startBurst?.();
    try {
      f();
    } finally {
      this.port.endBurst?.();
    }
  }

  /** Send `m` now, to sound at `atMs` where the port places messages itself (none: now). */
  private write(m: number[], atMs?: number): boolean {
    try {
      this.port.send(m, atMs);
    } catch (err) {
      this.s.portErrors++;
      const message = `output: ${(err as Error).message}`;
      if (message !== this.lastPortError) this.report(message); // once per distinct failure, not per message
      this.lastPortError = message;
      return false;
    }
    this.lastPortError = undefined;
    this.ledger.observe(m);
    this.s.sent++;
    return true;
  }
}
