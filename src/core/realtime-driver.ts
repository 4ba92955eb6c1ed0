/**
 * Drives a Timeline in real time with lookahead. This is the one place in the core that reads
 * the wall clock and sets timers: a loop wakes every few milliseconds and advances musical time
 * up to `now + lookahead`, so every event is computed ahead and carries the time it is *for*;
 * the output side then plays it at that time, whatever the main thread was busy with.
 */
import { performance } from "node:perf_hooks";
import type { Timeline } from "./timeline.ts";

export interface RealtimeOptions {
  /** How far ahead of the wall clock musical time is computed (ms). */
  lookaheadMs?: number;
  /** The longest the loop sleeps between wakes (ms). */
  wakeMs?: number;
  /** The wall clock, in ms (injected in tests). */
  now?: () => number;
  /** Timers (injected in tests, with `now`, to run the loop on a manual clock). */
  timers?: Timers;
}

/** The two timer calls the loop makes. */
export interface Timers {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** How far ahead the music is computed by default (ms). */
export const DEFAULT_LOOKAHEAD_MS = 50;
/**
 * How often the loop wakes to compute the next window (ms). The music stays 40–50 ms ahead with
 * the default lookahead; waking every 5 ms kept it 45–50 ms ahead at twice the wake-ups, each of
 * which costs the engine a timer, its promises and a heartbeat (survive bench, 2026-12-06: the
 * engine thread 2.6 → 2.1 % of a core, median of runs).
 */
export const DEFAULT_WAKE_MS = 10;

const NODE_TIMERS: Timers = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RealtimeDriver {
  lookaheadMs: number;
  private readonly wakeMs: number;
  private readonly wallNow: () => number;
  /** Wall-clock ms at which musical second 0 falls. */
  private originMs: number | undefined;
  private stopRequested = false;
  private wake: (() => void) | undefined;
  private timer: unknown;
  private readonly timers: Timers;

  constructor(private readonly timeline: Timeline, options: RealtimeOptions = {}) {
    this.lookaheadMs = options.lookaheadMs ?? DEFAULT_LOOKAHEAD_MS;
    this.wakeMs = options.wakeMs ?? DEFAULT_WAKE_MS;
    this.wallNow = options.now ?? (() => performance.now());
    this.timers = options.timers ?? NODE_TIMERS;
  }

  /** Wall-clock ms of a musical time in seconds (for sinks that send at the stamp). */
  wallMsAt(seconds: number): number {
    return (this.originMs ?? this.wallNow()) + seconds * 1000;
  }

  /** Musical seconds elapsed on the wall clock. */
  elapsedSeconds(): number {
    return this.originMs === undefined ? 0 : (this.wallNow() - this.originMs) / 1000;
  }

  /** The wall clock now (ms, the clock `origin` is on). */
  wallMsNow(): number {
    return this.wallNow();
  }

  /** Wall-clock ms at which musical second 0 falls (once running). */
  get origin(): number | undefined {
    return this.originMs;
  }

  /**
   * Move the music's grid on the wall clock by `ms` (later when positive): what has not been
   * computed yet plays that much later (earlier); ticks do not change, so the music is the same.
   * For following another clock's phase (Ableton Link).
   */
  shiftOrigin(ms: number): void {
    if (this.originMs === undefined) throw new Error("the realtime clock is not running");
    if (!Number.isFinite(ms)) throw new RangeError(`origin shift must be a number of ms, got ${ms}`);
    this.originMs += ms;
  }

  /** Called after each window is computed, with the first tick not yet played. */
  onWindow: ((tick: number) => void) | undefined;

  /**
   * Run until musical time `endSeconds` (Infinity: until stop()). `originMs` puts musical second 0
   * at that wall-clock time (an engine taking over keeps the grid of the one it replaces); by
   * default the music resumes where it stands, now.
   */
  async run(endSeconds: number, originMs?: number): Promise<void> {
    const tl = this.timeline;
    // Resume where musical time stands (after a previous run, or an offline pre-roll).
    this.originMs = originMs ?? this.wallNow() - tl.nowSeconds * 1000;
    this.stopRequested = false;
    while (!this.stopRequested) {
      const horizon = Math.min(this.elapsedSeconds() + this.lookaheadMs / 1000, endSeconds);
      await tl.runUntil(tl.tempo.toTicks(horizon));
      this.onWindow?.(tl.now);
      if (horizon >= endSeconds) {
        // The lookahead reached the end: wait for the wall clock to get there too.
        await this.sleep(Math.max(0, (endSeconds - this.elapsedSeconds()) * 1000));
        break;
      }
      await this.sleep(this.wakeMs);
    }
  }

  stop(): void {
    this.stopRequested = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.timers.set(() => {
        this.timer = undefined;
        resolve();
      }, ms);
    });
  }
}
