/**
 * A port that records what it is sent, with the time it was sent (nowMs clock): for tests and
 * the timing benchmark. It can be told it is gone, to exercise the reconnect path.
 *
 * It records into typed arrays, not an object per message: a stand-in for a real port should not
 * make garbage that a real port would not, or the benchmark would time the fake's collections.
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
  private times = new Float64Array(1024);
  /** Each message as its length, then its bytes. */
  private bytes = new Uint8Array(4096);
  private count = 0;
  private used = 0;
  lost: string | undefined;
  closed = false;

  constructor(
    readonly name = "fake",
    private readonly clock: () => number = nowMs,
    private readonly logFile?: string,
  ) {}

  send(bytes: readonly number[]): void {
    if (this.lost) throw new Error(`${this.name}: ${this.lost}`);
    const time = this.clock();
    this.reserve(bytes.length + 1);
    this.times[this.count++] = time;
    this.bytes[this.used++] = bytes.length;
    for (const b of bytes) this.bytes[this.used++] = b;
    if (this.logFile) appendFileSync(this.logFile, `${time.toFixed(3)} ${bytes.join(" ")}\n`);
  }

  /** Everything sent so far, in order. */
  get sent(): SentMessage[] {
    const out: SentMessage[] = [];
    for (let i = 0, at = 0; i < this.count; i++) {
      const n = this.bytes[at]!;
      out.push({ time: this.times[i]!, bytes: Array.from(this.bytes.subarray(at + 1, at + 1 + n)) });
      at += n + 1;
    }
    return out;
  }

  /** Forget what was sent so far. */
  clear(): void {
    this.count = 0;
    this.used = 0;
  }

  close(): void {
    this.closed = true;
  }

  /** Grow the arrays (doubling) so that one more message of `size` bytes fits. */
  private reserve(size: number): void {
    if (this.count === this.times.length) this.times = grow(this.times, new Float64Array(this.times.length * 2));
    if (this.used + size > this.bytes.length) this.bytes = grow(this.bytes, new Uint8Array(Math.max(this.bytes.length * 2, this.used + size)));
  }
}

function grow<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
