/**
 * Swing: re-times triggers. Every second step of the grid (the off-beat of each pair) is delayed
 * so that it falls at `amount` of the pair (0.5 = straight, 0.67 = triplet swing, 0.75 = dotted),
 * plus an optional random humanising delay in [0, humanizeBeats). The triggers come out under a
 * new name through the EventScheduler, stamped with their new time.
 */
import type { EventBus } from "../core/bus.ts";
import { TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { numberParam, stringParam } from "../core/params.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import { beatsToTicks } from "../core/time.ts";

export interface SwingOptions extends NodeOptions {
  /** TriggerEvents to re-time. */
  input: string;
  /** Name of the re-timed triggers. */
  output: string;
  amount?: number;
  /** The swung grid: 0.25 = 16ths, 0.5 = 8ths. */
  gridBeats?: number;
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
    this.input = stringParam().check(options.input);
    this.output = stringParam().check(options.output);
    this.amount = numberParam(0.5, 0.9).check(options.amount ?? 0.6);
    this.gridBeats = numberParam(1 / 64, 4).check(options.gridBeats ?? 0.25);
    this.humanizeBeats = numberParam(0, 1).check(options.humanizeBeats ?? 0);
    this.defineParam("amount", numberParam(0.5, 0.9), () => this.amount, (v) => (this.amount = v));
    this.defineParam("gridBeats", numberParam(1 / 64, 4), () => this.gridBeats, (v) => (this.gridBeats = v));
    this.defineParam("humanizeBeats", numberParam(0, 1), () => this.humanizeBeats, (v) => (this.humanizeBeats = v));
    this.defineParam("input", stringParam(), () => this.input, (v) => (this.input = v));
    this.defineParam("output", stringParam(), () => this.output, (v) => (this.output = v));
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
    const jitter = this.humanizeBeats > 0 ? Math.floor(this.random.random() * beatsToTicks(this.humanizeBeats)) : 0;
    const out = new TriggerEvent({ name: this.output, value: ev.value }).madeFrom(ev);
    this.sched.publishAt(tick + this.swingDelay(tick) + jitter, out);
  }
}
