/**
 * Humanize: re-publishes NoteEvents with a small random delay in [0, timing) beats and a velocity
 * varied by up to ±velocity. `from` picks whose notes it humanizes; it takes over that source:
 * while it runs, sinks play the source's notes only through it.
 */
import type { EventBus } from "../core/bus.ts";
import { NoteEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { knob, numberParam, readKnobs } from "../core/params.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import { beatsToTicks } from "../core/time.ts";

/** The softest note MIDI can play (velocity 1 of 127). */
const MIN_VELOCITY = 1 / 127;

const KNOBS = {
  /** The largest delay, in beats. */
  timing: knob(numberParam(0, 1), 0.02, "timingBeats"),
  /** The largest change of velocity, either way. */
  velocity: knob(numberParam(0, 1), 0.08),
};

export interface HumanizeOptions extends NodeOptions {
  from: string | readonly string[];
  timing?: number;
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
    const k = readKnobs(this.name, KNOBS, options);
    this.timingBeats = k.timing;
    this.velocity = k.velocity;
    this.defineKnob("timing", KNOBS.timing, () => this.timingBeats, (v) => (this.timingBeats = v));
    this.defineKnob("velocity", KNOBS.velocity, () => this.velocity, (v) => (this.velocity = v));
  }

  protected override onStart(): void {
    this.takeOver(this.from);
    this.listen(NoteEvent, (ev) => this.vary(ev), { from: this.from });
  }

  private vary(ev: NoteEvent): void {
    const delay = Math.floor(this.draw("delay", ev.tick) * beatsToTicks(this.timingBeats));
    const varied = ev.velocity + (this.draw("velocity", ev.tick) * 2 - 1) * this.velocity;
    // Velocity 0 means "no note" to a sink: a silent note stays silent, a sounding one keeps sounding.
    const velocity = ev.velocity === 0 ? 0 : Math.min(1, Math.max(MIN_VELOCITY, varied));
    const out = new NoteEvent({ pitch: ev.pitch, velocity, gateBeats: ev.gateBeats, channel: ev.channel, meta: ev.meta }).madeFrom(ev);
    this.sched.publishAt((ev.tick ?? this.bus.now) + delay, out);
  }
}
