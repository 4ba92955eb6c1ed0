/** A wall clock and timers that move only when a test says so: real-time code, no waiting. */
import type { Timers } from "../src/core/realtime-driver.ts";

/** A wall clock that moves only when told, and the timers that go with it. */
export class ManualClock implements Timers {
  ms = 1000;
  private pending: Array<{ at: number; fire: () => void; id: number }> = [];
  private ids = 0;

  now = () => this.ms;

  set(fire: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.pending.push({ at: this.ms + ms, fire, id });
    return id;
  }

  clear(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  /** Timers waiting (the loop sleeps on at most one). */
  get waiting(): number {
    return this.pending.length;
  }

  /** Move the clock by `ms`, firing each timer that falls due at its own time, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.ms + ms;
    for (;;) {
      await settle();
      this.pending.sort((a, b) => a.at - b.at);
      const next = this.pending[0];
      if (!next || next.at > end) break;
      this.pending.shift();
      this.ms = Math.max(this.ms, next.at);
      next.fire();
    }
    this.ms = end;
    await settle();
  }

  /** The wall clock jumps without any timer firing: the thread was busy (a stall). */
  jump(ms: number): void {
    this.ms += ms;
  }
}

/** Let the driver's loop run up to its next sleep (promise continuations, no time passes). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

