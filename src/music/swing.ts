/**
 * Swing: re-times triggers. Every second step of the grid (the off-beat of each pair) is delayed
 * so that it falls at `amount` of the pair (0.5 = straight, 0.67 = triplet swing, 0.75 = dotted),
 * plus an optional random humanising delay in [0, humanize) beats. The triggers come out under a
 * new name through the EventScheduler, stamped with their new time.
 */
import type { EventBus } from "../core/bus.ts";
import { TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { knob, type Knob, numberParam, ParamError, readKnobs, stringParam } from "../core/params.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import { beatsToTicks } from "../core/time.ts";

const KNOBS = {
  /** TriggerEvents to re-time. */
  input: knob<string | undefined>(stringParam(), undefined),
  /** Name of the re-timed triggers. */
  output: knob<string | undefined>(stringParam(), undefined),
  /** Where the off-beat falls in its pair: 0.5 straight, 0.67 triplet swing, 0.75 dotted. */
  amount: knob(numberParam(0.5, 0.9), 0.6),
  /** The swung grid in beats: 0.25 = 16ths, 0.5 = 8ths. */
  grid: knob(numberParam(1 / 64, 4), 0.25, "gridBeats"),
  /** The largest random delay added, in beats. */
  humanize: knob(numberParam(0, 1), 0, "humanizeBeats"),
};

/** Options by the performer's names, or the older ones (`gridBeats`, `humanizeBeats`). */
export interface SwingOptions extends NodeOptions {
  input: string;
  output: string;
  amount?: number;
  grid?: number;
  gridBeats?: number;
  humanize?: number;
  humanizeBeats?: number;
}

export class Swing extends Node {
  readonly kind = "swing";
  input: string;
  output: string;
  amount: number;
  gridBeats: number;
  humanizeBeats: number;

  constructor(
    bus: EventBus,
    readonly sched: EventScheduler,
    options: SwingOptions,
  ) {
    super(bus, "swing", options);
    const k = readKnobs(this.name, KNOBS, options);
    if (k.input === undefined || k.output === undefined) throw new ParamError(`${this.name}: give \`input\` and \`output\` (the names of the triggers it takes and gives)`);
    this.input = k.input;
    this.output = k.output;
    this.amount = k.amount;
    this.gridBeats = k.grid;
    this.humanizeBeats = k.humanize;
    this.defineKnob("amount", KNOBS.amount, () => this.amount, (v) => (this.amount = v));
    this.defineKnob("grid", KNOBS.grid, () => this.gridBeats, (v) => (this.gridBeats = v));
    this.defineKnob("humanize", KNOBS.humanize, () => this.humanizeBeats, (v) => (this.humanizeBeats = v));
    this.defineKnob("input", KNOBS.input as Knob<string>, () => this.input, (v) => (this.input = v));
    this.defineKnob("output", KNOBS.output as Knob<string>, () => this.output, (v) => (this.output = v));
  }

  /** The delay in ticks for an event at `tick` (without humanising). */
  swingDelay(tick: number): number {
    const grid = beatsToTicks(this.gridBeats);
    const pair = 2 * grid;
    const offBeat = ((tick % pair) + pair) % pair === grid;
    return offBeat ? Math.round((this.amount - 0.5) * pair) : 0;
  }

  protected override onStart(): void {
    this.listen(TriggerEvent, (ev) => this.retime(ev), { where: (ev) => ev.name === this.input });
  }

  private retime(ev: TriggerEvent): void {
    const tick = ev.tick ?? this.bus.now;
    const jitter = this.humanizeBeats > 0 ? Math.floor(this.draw("humanize", tick) * beatsToTicks(this.humanizeBeats)) : 0;
    const out = new TriggerEvent({ name: this.output, value: ev.value }).madeFrom(ev);
    this.sched.publishAt(tick + this.swingDelay(tick) + jitter, out);
  }
}
