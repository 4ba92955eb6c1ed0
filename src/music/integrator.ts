/**
 * Integrator: turns a continuous signal into discrete triggers (integrate and fire).
 *
 *   dS/dt = scale · x(t) − leak · S
 *
 * integrated exactly between samples, each sample held over the interval it closes (Δt in seconds
 * of the clock):  S ← S·e^(−leak·Δt) + scale·x·(1 − e^(−leak·Δt)) / leak   (→ scale·x·Δt when
 * leak = 0). When S reaches `threshold` it fires a TriggerEvent (with `triggerProbability`) and
 * gives up one threshold's worth, keeping the excess: so the firing rate depends on the signal,
 * not on how often it is sampled.
 *
 * x is the signal's magnitude |value| by default ("how much modulation has happened"): a zero-mean
 * LFO, like the seed's example, then still fires regularly. With `signed: true`, x is the raw value
 * and S fires at +threshold or −threshold.
 */
import type { EventBus } from "../core/bus.ts";
import { TriggerEvent, ValueEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { boolParam, numberParam, stringParam } from "../core/params.ts";

export interface IntegratorOptions extends NodeOptions {
  /** Name of the ValueEvents to integrate. */
  sourceValueName: string;
  /** Decay rate per second. */
  leak?: number;
  scale?: number;
  threshold?: number;
  triggerName?: string;
  triggerProbability?: number;
  signed?: boolean;
}

export class Integrator extends Node {
  readonly kind = "integrator";
  sourceValueName: string;
  leak: number;
  scale: number;
  threshold: number;
  triggerName: string;
  triggerProbability: number;
  signed: boolean;
  /** The integrated state S. */
  level = 0;
  private lastSeconds: number | undefined;

  constructor(bus: EventBus, options: IntegratorOptions) {
    super(bus, "integrator", options);
    this.sourceValueName = stringParam().check(options.sourceValueName);
    this.leak = numberParam(0, 1000).check(options.leak ?? 0.1);
    this.scale = numberParam(-1e6, 1e6).check(options.scale ?? 1);
    this.threshold = numberParam(1e-9, 1e9).check(options.threshold ?? 1);
    this.triggerName = stringParam().check(options.triggerName ?? "integrated");
    this.triggerProbability = numberParam(0, 1).check(options.triggerProbability ?? 1);
    this.signed = options.signed ?? false;
    this.defineParam("source", stringParam(), () => this.sourceValueName, (s) => (this.sourceValueName = s));
    this.defineParam("leak", numberParam(0, 1000), () => this.leak, (v) => (this.leak = v));
    this.defineParam("scale", numberParam(-1e6, 1e6), () => this.scale, (v) => (this.scale = v));
    this.defineParam("threshold", numberParam(1e-9, 1e9), () => this.threshold, (v) => (this.threshold = v));
    this.defineParam("trigger", stringParam(), () => this.triggerName, (v) => (this.triggerName = v));
    this.defineParam("triggerProbability", numberParam(0, 1), () => this.triggerProbability, (v) => (this.triggerProbability = v));
    this.defineParam("signed", boolParam(), () => this.signed, (v) => (this.signed = v));
  }

  protected override onStart(): void {
    this.listen(ValueEvent, (ev) => this.integrate(ev), { where: (ev) => ev.name === this.sourceValueName });
  }

  private integrate(ev: ValueEvent): void {
    const now = this.bus.timeline.tempo.toSeconds(ev.tick ?? this.bus.now);
    const dt = this.lastSeconds === undefined ? 0 : Math.max(0, now - this.lastSeconds);
    this.lastSeconds = now;
    const x = this.signed ? ev.value : Math.abs(ev.value);
    const decay = Math.exp(-this.leak * dt);
    // (1 − e^(−kΔt))/k, written so it stays exact as k → 0
    const gain = this.leak * dt > 1e-9 ? (1 - decay) / this.leak : dt;
    this.level = this.level * decay + this.scale * x * gain;
    if (Math.abs(this.level) < this.threshold) return;
    const level = this.level;
    // Integrate-and-fire that keeps the overshoot: resetting to 0 would lose up to one sample's
    // worth per firing, so a coarsely sampled signal would fire measurably less often.
    this.level -= Math.sign(level) * this.threshold;
    if (Math.abs(this.level) >= this.threshold) this.level = Math.sign(level) * (this.threshold - Number.EPSILON);
    if (this.random.chance(this.triggerProbability)) {
      this.publish(new TriggerEvent({ name: this.triggerName, value: level }));
    }
  }
}
