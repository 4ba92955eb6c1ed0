/**
 * Sending to the output thread from another thread, on a line of its own (OutputThread.openSender):
 * what an engine of the supervised daemon uses, so that its music does not pass through the main
 * thread. Messages must be checked and ordered already (the engine's RemoteOutput does it).
 */
import { nowMs } from "./clock.ts";
import { LatencyGlide } from "./latency-glide.ts";
import { CONTROL_SLOTS, ringDoorbell, type SenderCommand, type SenderHandle } from "./protocol.ts";

export class DirectSender {
  private readonly control: Int32Array;
  /** A mirror of the thread's latency, to know when a burst is due (and so whether to wake it). */
  private readonly glide: LatencyGlide;

  constructor(private readonly line: SenderHandle) {
    this.control = new Int32Array(line.control, 0, CONTROL_SLOTS);
    this.glide = new LatencyGlide(line.latencyMs, line.glideRate);
  }

  sends(bursts: Array<{ at: number; messages: number[][] }>): void {
    if (bursts.length === 0) return;
    let due = Infinity;
    for (const b of bursts) due = Math.min(due, this.glide.due(b.at));
    this.post({ type: "sends", bursts }, due);
  }

  panic(): void {
    this.post({ type: "panic" }, -Infinity);
  }

  /** The latency was changed (through the main thread, which tells the output thread). */
  setLatency(ms: number): void {
    const now = nowMs();
    this.glide.set(now, ms);
    this.glide.prune(now - 60_000);
  }

  private post(c: SenderCommand, dueMs: number): void {
    this.line.port.postMessage(c);
    ringDoorbell(this.control, this.line.epochMs, dueMs);
  }
}
