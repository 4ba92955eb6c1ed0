/**
 * EventScheduler: do something at a musical time. Callbacks run as the node that scheduled them,
 * reacting to the same event, so whatever they publish is attributed and traced correctly.
 */
import type { EventBus } from "./bus.ts";
import type { BusEvent } from "./events.ts";
import { actAs, captureContext } from "./node-context.ts";
import { beatsToTicks, type Ticks } from "./time.ts";
import type { Cancel } from "./timeline.ts";

export class EventScheduler {
  readonly name: string;
  readonly kind = "scheduler";

  constructor(
    readonly bus: EventBus,
    options: { name?: string } = {},
  ) {
    this.name = options.name ?? "sched";
  }

  /** Nothing to start: the system's timeline drives every scheduled callback. */
  async start(): Promise<void> {}

  get now(): Ticks {
    return this.bus.timeline.now;
  }

  /** Run `fn` at `tick`. */
  at(tick: number, fn: () => void): Cancel {
    const ctx = captureContext();
    return this.bus.timeline.at(tick, ctx ? () => actAs(ctx.name, ctx.cause, fn) : fn);
  }

  /** Run `fn` `beats` after `from` (default: now). */
  after(beats: number, fn: () => void, from: number = this.now): Cancel {
    return this.at(from + beatsToTicks(beats), fn);
  }

  /** Publish `event` at `tick`, stamped with that tick. */
  publishAt(tick: number, event: BusEvent): Cancel {
    event.tick = Math.round(tick) as Ticks;
    return this.at(tick, () => this.bus.emit(event));
  }

  /** For async nodes: resolves when time reaches `tick`. */
  sleepUntil(tick: number): Promise<void> {
    return this.bus.timeline.sleepUntil(tick);
  }

  /** For async nodes: resolves `beats` from now. */
  sleep(beats: number): Promise<void> {
    return this.sleepUntil(this.now + beatsToTicks(beats));
  }
}
