/**
 * What the main thread and the output thread say to each other. Commands go through a
 * MessagePort the worker drains synchronously (receiveMessageOnPort), and a doorbell in shared
 * memory wakes it from Atomics.wait; the heartbeat is a shared integer, so it costs no message.
 */
import type { AdaptiveSpinOptions } from "./adaptive-spin.ts";
import type { GcStats } from "./gc-pacer.ts";
import type { LateCauses } from "./late-sends.ts";
import type { EngineStats } from "./output-engine.ts";
import type { SentMessage } from "./ports/fake-port.ts";
import type { PortSpec } from "./ports/midi-port.ts";
import type { PriorityReport } from "./rt-priority.ts";
import type { AudioStats } from "./synth/protocol.ts";
import type { MessagePort } from "node:worker_threads";

/** Int32 slots of the shared control block. */
export const DOORBELL = 0;
/** Main thread's last heartbeat, ms since `epochMs`. */
export const HEARTBEAT = 1;
/**
 * When the sleeping worker will wake by itself (ms since `epochMs`, rounded down). The main thread
 * rings the doorbell for every command (an atomic add, never blocks), but calls Atomics.notify only
 * for a message due before that: V8's notify and timed wait share one lock, and a main thread
 * descheduled while holding it would make the output thread wake late.
 */
export const PLANNED_WAKE = 2;
/** Set to 1 by the worker once close has released every sounding note (read by the exit hook). */
export const RELEASED = 3;
export const CONTROL_SLOTS = 4;

/** What a sender of its own says to the output thread (its messages are checked and ordered already). */
export type SenderCommand = { type: "sends"; bursts: Array<{ at: number; messages: number[][] }> } | { type: "panic" };

/**
 * A line of its own into the output thread, for another thread to send on (an engine of the
 * supervised daemon): the port, and what it needs to ring the doorbell the way the main thread does.
 */
export interface SenderHandle {
  id: number;
  port: MessagePort;
  control: SharedArrayBuffer;
  epochMs: number;
  /** The latency now (ms), and how it glides, to know when a message is due. */
  latencyMs: number;
  glideRate: number;
}

/**
 * Hand a command over (posted already): bump the doorbell, so that a thread about to sleep sees
 * it and does not, and wake the thread only if the message is due before it wakes by itself.
 */
export function ringDoorbell(control: Int32Array, epochMs: number, dueMs: number): void {
  Atomics.add(control, DOORBELL, 1);
  const wakes = epochMs + Atomics.load(control, PLANNED_WAKE);
  if (dueMs - WAKE_MARGIN_MS <= wakes) Atomics.notify(control, DOORBELL);
}

/** A message due within this of the thread's planned wake-up wakes it now (covers the spin window). */
const WAKE_MARGIN_MS = 3;

export interface WorkerConfig {
  port: PortSpec;
  latencyMs: number;
  glideRate: number;
  watchdogMs: number;
  realtime: number | false;
  spin: AdaptiveSpinOptions;
  retryMs: number;
  /** nowMs() at start; the heartbeat slot counts from here. */
  epochMs: number;
  control: SharedArrayBuffer;
}

export type Command =
  | { type: "send"; at: number; messages: number[][] }
  /** A sender of its own (an engine's line, see senders.ts): `port` is the thread's end of it. */
  | { type: "adopt"; sender: number; port: MessagePort }
  /** Sender `to` takes over from `from` (which ran away): answered with the last time `from` sent for. */
  | { type: "handover"; id: number; from: number; to: number }
  | { type: "panic" }
  | { type: "latency"; ms: number; now: number }
  | { type: "stats"; id: number }
  | { type: "flush"; id: number }
  /** `until`: first play out what is stamped at or before it (output clock ms); without it, drop what is pending. */
  | { type: "close"; until?: number };

export interface OutputStats extends EngineStats, GcStats {
  /** Current spin window (ms) and the wake-up lateness quantile it was sized from. */
  spinWindowMs: number;
  /** The longest window the CPU budget allows at the current rate of sends (ms). */
  spinBudgetMs: number;
  wakeLatenessMs: number;
  /** The largest wake-up lateness among the recent samples (ms). */
  wakeLatenessMaxMs: number;
  /** Sends later than LATE_MS, by what the thread was doing when their time came. */
  late: LateCauses;
  /** The built-in synth's figures, when it is the port. */
  audio?: AudioStats;
  /** Scheduling policy of the output thread. */
  priority: PriorityReport;
  /** CPU time used by the output thread (ms), where /proc tells. */
  threadCpuMs?: number;
  port: string;
}

export type Reply =
  /** `leadMs`: how early the port wants each message before it sounds (the built-in synth's audio path). */
  | { type: "ready"; priority: PriorityReport; port: string; leadMs: number }
  | { type: "failed"; message: string }
  | { type: "problem"; message: string }
  | { type: "stats"; id: number; stats: OutputStats }
  | { type: "flushed"; id: number }
  | { type: "handed-over"; id: number; lastSentAt?: number }
  | { type: "closed"; stats: OutputStats; recorded?: SentMessage[] };
