/**
 * The one authority on "now" in musical time. Holds the tempo map and a queue of timers in ticks,
 * and advances through them in order. It owns no real-time timer: a driver (virtual: as fast as
 * the work allows; real time: see realtime-driver.ts) decides how far it may advance.
 *
 * Windows are half-open: runUntil(end) fires every timer with tick < end, exactly once, so
 * runUntil(a); runUntil(b) fires the same timers as runUntil(b).
 */
import { TempoMap } from "./tempo-map.ts";
import type { Seconds, Ticks } from "./time.ts";
import { TimerQueue, type Timer } from "./timer-queue.ts";

export type Cancel = () => void;

/** Let every pending reaction (promise continuations of async nodes) run before time moves on. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Timers of the performer's controls (swaps, REPL changes) fire first within their tick. */
export const CONTROL_PRIORITY = -1;
/** Note-offs fire after the controls but before the notes of their tick (a key is free before it is struck). */
export const RELEASE_PRIORITY = -0.5;
/** Context that the notes of a tick depend on (a harmony's chord change) fires before those notes. */
export const CONTEXT_PRIORITY = -0.25;

export class Timeline {
  readonly tempo: TempoMap;
  private readonly queue = new TimerQueue();
  private nowTick = 0 as Ticks;
  private asyncWoken = false;
  private running = false;
  /** Timers asked for a tick already past; they fire at once (counted, for diagnostics). */
  lateTimers = 0;
  /** Called as each instant begins (a supervisor's heartbeat: the music is making progress). */
  onInstant: ((tick: number) => void) | undefined;

  constructor(bpm = 120) {
    this.tempo = new TempoMap(bpm);
  }

  /** The tick being processed (the time an unstamped event is for). */
  get now(): Ticks {
    return this.nowTick;
  }

  get nowSeconds(): Seconds {
    return this.tempo.toSeconds(this.nowTick);
  }

  /** True while runUntil is advancing. */
  get isRunning(): boolean {
    return this.running;
  }

  /** The next timer's tick, if any. */
  get nextTick(): number | undefined {
    return this.queue.peekTick();
  }

  /**
   * Call `fire` when time reaches `tick` (at once, in order, if `tick` is already past).
   * `priority` orders timers of one tick: CONTROL_PRIORITY fires before the music's timers.
   */
  at(tick: number, fire: () => void, priority = 0): Cancel {
    if (!Number.isFinite(tick)) throw new RangeError(`timer tick must be finite, got ${tick}`);
    let t = Math.round(tick);
    if (t < this.nowTick) {
      this.lateTimers++;
      t = this.nowTick;
    }
    const timer: Timer = this.queue.push(t, fire, priority);
    return () => {
      timer.cancelled = true;
    };
  }

  /** A promise resolved when time reaches `tick`; for async nodes. */
  sleepUntil(tick: number): Promise<void> {
    return new Promise((resolve) => {
      this.at(tick, () => {
        this.asyncWoken = true;
        resolve();
      });
    });
  }

  /** Note that a promise-based waiter was woken: the timeline must let it run before moving on. */
  markAsyncWork(): void {
    this.asyncWoken = true;
  }

  /**
   * Fire every timer with tick < end, in (tick, order) order. After each instant, pending async
   * reactions run before time moves on, so a reply stamped "now" is for that instant.
   */
  async runUntil(end: number): Promise<void> {
    if (this.running) throw new Error("the timeline is already running");
    this.running = true;
    try {
      await this.settleIfNeeded();
      for (;;) {
        const t = this.queue.peekTick();
        if (t === undefined || t >= end) break;
        this.nowTick = t as Ticks;
        this.onInstant?.(t);
        while (this.queue.peekTick() === t) this.queue.pop()!.fire();
        await this.settleIfNeeded();
      }
      if (end > this.nowTick && Number.isFinite(end)) this.nowTick = Math.ceil(end) as Ticks;
    } finally {
      this.running = false;
    }
  }

  /** Drop every pending timer (the system stopped). */
  clear(): void {
    this.queue.clear();
  }

  private async settleIfNeeded(): Promise<void> {
    // Most instants only touch synchronous handlers; skipping the macrotask hop then keeps
    // offline rendering fast. Loop: an awakened node may wake another.
    while (this.asyncWoken) {
      this.asyncWoken = false;
      await settle();
    }
  }
}
