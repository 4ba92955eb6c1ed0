/**
 * ContinuousSignal: samples `fn(t)` `hz` times a second of the clock's time (virtual or real)
 * and publishes each sample as a ValueEvent. `t` is seconds since the system's time zero, so a
 * reloaded signal continues its curve instead of restarting it.
 */
import type { EventBus } from "../core/bus.ts";
import { ValueEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { knob, numberParam, readKnobs } from "../core/params.ts";

const KNOBS = {
  /** Samples per second (30: smooth enough for an LFO steering params, cheap at any tempo). */
  hz: knob(numberParam(0.001, 1000), 30),
};

export interface ContinuousSignalOptions extends NodeOptions {
  hz?: number;
  fn: (t: number) => number;
}

export class ContinuousSignal extends Node {
  readonly kind = "signal";
  hz: number;
  fn: (t: number) => number;
  private sample = 0;
  private cancel: (() => void) | undefined;

  constructor(bus: EventBus, options: ContinuousSignalOptions) {
    super(bus, "signal", options);
    this.hz = readKnobs(this.name, KNOBS, options).hz;
    if (typeof options.fn !== "function") throw new TypeError(`${this.name}: fn must be a function of time in seconds`);
    this.fn = options.fn;
    this.defineKnob("hz", KNOBS.hz, () => this.hz, (hz) => this.retime(hz));
  }

  protected override onStart(): void {
    this.sample = Math.max(0, Math.ceil(this.bus.timeline.nowSeconds * this.hz - 1e-9));
    this.schedule();
  }

  /** A reload with a new formula takes it over; the curve continues from the same instant. */
  override adopt(newer: this, params?: readonly string[]): void {
    super.adopt(newer, params);
    this.fn = newer.fn;
  }

  private schedule(): void {
    const tick = this.bus.timeline.tempo.toTicks(this.sample / this.hz);
    this.cancel = this.at(tick, () => this.emitSample());
  }

  private emitSample(): void {
    const t = this.sample / this.hz;
    this.sample++;
    this.schedule();
    const value = this.fn(t);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(`fn(${t.toFixed(3)}) returned ${String(value)}, not a finite number`);
    }
    this.publish(new ValueEvent({ name: this.name, value }));
  }

  private retime(hz: number): void {
    const t = this.sample / this.hz;
    this.hz = hz;
    this.sample = Math.ceil(t * hz - 1e-9);
    if (this.isRunning) {
      this.cancel?.();
      this.schedule();
    }
  }
}
