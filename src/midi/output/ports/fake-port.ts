/**
 * A port that records what it is sent, with the time it was sent (nowMs clock): for tests and
 * the timing benchmark. It can be told it is gone, to exercise the reconnect path.
 */
import { appendFileSync } from "node:fs";
import { nowMs } from "../clock.ts";
import type { MidiPort } from "./midi-port.ts";

export interface SentMessage {
  /** When send() was called (nowMs clock). */
  time: number;
  bytes: number[];
}

export class FakePort implements MidiPort {
  readonly sent: SentMessage[] = [];
  lost: string | undefined;
  closed = false;

  constructor(
    readonly name = "fake",
    private readonly clock: () => number = nowMs,
    private readonly logFile?: string,
  ) {}

  send(bytes: readonly number[]): void {
    if (this.lost) throw new Error(`${this.name}: ${this.lost}`);
    const m = { time: this.clock(), bytes: [...bytes] };
    this.sent.push(m);
    if (this.logFile) appendFileSync(this.logFile, `${m.time.toFixed(3)} ${m.bytes.join(" ")}\n`);
  }

  close(): void {
    this.closed = true;
  }
}
