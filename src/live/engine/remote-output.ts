/**
 * The engine's stand-in for the output thread, which belongs to the supervisor (it must keep
 * sending, and release what sounds, while an engine is replaced). Messages go to the supervisor
 * stamped with their output-clock time; the supervisor hands them to the thread at once.
 */
import type { OutputStats } from "../../midi/output/protocol.ts";
import type { OutputLink } from "../live-port.ts";
import type { EngineEvent } from "./protocol.ts";

export class RemoteOutput implements OutputLink {
  private nextId = 1;
  private readonly waiting = new Map<number, { ok: (s: OutputStats) => void; fail: (e: Error) => void }>();

  constructor(
    private readonly post: (e: EngineEvent) => void,
    public latencyMs: number,
  ) {}

  send(at: number, bytes: readonly number[]): void {
    this.post({ type: "out", at, messages: [[...bytes]] });
  }

  sendMany(at: number, messages: readonly (readonly number[])[]): void {
    this.post({ type: "out", at, messages: messages.map((m) => [...m]) });
  }

  panic(): void {
    this.post({ type: "out-panic" });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
    this.post({ type: "out-latency", ms });
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
