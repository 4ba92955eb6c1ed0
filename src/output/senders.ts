/**
 * The output thread's lines from other threads. In the supervised daemon each engine sends its
 * music here on a line of its own, not through the main thread, which would otherwise wake, copy
 * and collect garbage for every burst (measured: most of what supervision cost when nothing goes
 * wrong). When an engine takes over from one that ran away it plays again the instant the old
 * one was stuck in: what the old one already sent is not sent twice — the newcomer's messages
 * for those times keep only their note-offs (a second one is harmless, a missing one would hang a
 * note).
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { isNoteOff } from "./midi-bytes.ts";
import type { SenderCommand } from "./protocol.ts";

interface Line {
  port: MessagePort;
  /** After a takeover: messages up to this time were sent by the engine that ran away. */
  sentByOld?: number;
}

export class Senders {
  private readonly lines = new Map<number, Line>();
  /** The latest time anything was sent for, by any sender (the output clock). */
  lastSentAt: number | undefined;

  constructor(
    private readonly send: (at: number, messages: number[][]) => void,
    private readonly panic: () => void,
  ) {}

  add(id: number, port: MessagePort): void {
    this.lines.set(id, { port });
  }

  /** Take every waiting message of every line. */
  drain(): void {
    for (const line of this.lines.values()) this.drainLine(line);
  }

  /** A time another path sent for (the main thread's own sends). */
  sent(at: number): void {
    this.lastSentAt = Math.max(this.lastSentAt ?? -Infinity, at);
  }

  /** `to` takes over from `from`: read `from` to its end, close it; returns the last time sent for. */
  handOver(from: number, to: number): number | undefined {
    const old = this.lines.get(from);
    if (old) {
      this.drainLine(old);
      old.port.close();
      this.lines.delete(from);
    }
    const next = this.lines.get(to);
    if (next && this.lastSentAt !== undefined) next.sentByOld = this.lastSentAt;
    return this.lastSentAt;
  }

  private drainLine(line: Line): void {
    for (let m = receiveMessageOnPort(line.port); m !== undefined; m = receiveMessageOnPort(line.port)) {
      const c = m.message as SenderCommand;
      if (c.type === "panic") this.panic();
      else for (const b of c.bursts) this.take(line, b.at, b.messages);
    }
  }

  private take(line: Line, at: number, messages: number[][]): void {
    if (line.sentByOld !== undefined && at <= line.sentByOld + 0.001) {
      messages = releasesOnly(messages);
      if (messages.length === 0) return;
    }
    this.sent(at);
    this.send(at, messages);
  }
}

/** The note-offs among `messages` (a note-on of velocity 0 is one). */
export function releasesOnly<M extends readonly number[]>(messages: readonly M[]): M[] {
  return messages.filter((m) => isNoteOff(m));
}
