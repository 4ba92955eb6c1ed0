/**
 * Humanize: re-publishes NoteEvents with a small random delay in [0, timingBeats) and a velocity
 * varied by up to ±velocity. `from` picks whose notes it humanizes; it takes over that source:
 * while it runs, sinks play the source's notes only through it.
 */
import type { EventBus } from "../core/bus.ts";
import { NoteEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { numberParam } from "../core/params.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import { beatsToTicks } from "../core/time.ts";

/** The softest note MIDI can play (velocity 1 of 127). */
const MIN_VELOCITY = 1 / 127;

export interface HumanizeOptions extends NodeOptions {
  from: string | readonly string[];
  timingBeats?: number;
  velocity?: number;
}

export class Humanize extends Node {
  readonly kind = "humanize";
  readonly from: string | readonly string[];
  timingBeats: number;
  velocity: number;

  constructor(
    bus: EventBus,
    readonly sched: EventScheduler,
    options: HumanizeOptions,
  ) {
    super(bus, "humanize", options);
    this.from = options.from;
    this.timingBeats = numberParam(0, 1).check(options.timingBeats ?? 0.02);
    this.velocity = numberParam(0, 1).check(options.velocity ?? 0.08);
    this.defineParam("timingBeats", numberParam(0, 1), () => this.timingBeats, (v) => (this.timingBeats = v));
    this.defineParam("velocity", numberParam(0, 1), () => this.velocity, (v) => (this.velocity = v));
  }

  protected override onStart(): void {
    this.takeOver(this.from);
    this.listen(NoteEvent, (ev) => this.vary(ev), { from: this.from });
  }

  private vary(ev: NoteEvent): void {
    const delay = Math.floor(this.random.random() * beatsToTicks(this.timingBeats));
    const varied = ev.velocity + (this.random.random() * 2 - 1) * this.velocity;
    // Velocity 0 means "no note" to a sink: a silent note stays silent, a sounding one keeps sounding.
    const velocity = ev.velocity === 0 ? 0 : Math.min(1, Math.max(MIN_VELOCITY, varied));
    const out = new NoteEvent({ pitch: ev.pitch, velocity, gateBeats: ev.gateBeats, channel: ev.channel, meta: ev.meta }).madeFrom(ev);
    this.sched.publishAt((ev.tick ?? this.bus.now) + delay, out);
  }
}
