/**
 * Integrator: turns a continuous signal into discrete triggers (integrate and fire).
 *
 *   dS/dt = scale · x(t) − leak · S
 *
 * integrated exactly between samples, each sample held over the interval it closes (Δt in seconds
 * of the clock):  S ← S·e^(−leak·Δt) + scale·x·(1 − e^(−leak·Δt)) / leak   (→ scale·x·Δt when
 * leak = 0). When S reaches `threshold` it fires a TriggerEvent (with `probability`) and
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
import { boolParam, knob, type Knob, numberParam, ParamError, readKnobs, stringParam } from "../core/params.ts";

const KNOBS = {
  /** Name of the ValueEvents to integrate. */
  source: knob<string | undefined>(stringParam(), undefined, "sourceValueName"),
  /** Decay rate per second. */
  leak: knob(numberParam(0, 1000), 0.1),
  scale: knob(numberParam(-1e6, 1e6), 1),
  threshold: knob(numberParam(1e-9, 1e9), 1),
  /** Name of the triggers (default: the node's own name). */
  trigger: knob<string | undefined>(stringParam(), undefined, "triggerName"),
  /** Chance that a crossing fires. */
  probability: knob(numberParam(0, 1), 1, "triggerProbability"),
  /** Integrate the raw value (fires at ±threshold) rather than its magnitude. */
  signed: knob(boolParam(), false),
};

/** Options by the performer's names, or the seed's (`sourceValueName`, `triggerName`, `triggerProbability`). */
export interface IntegratorOptions extends NodeOptions {
  source?: string;
  sourceValueName?: string;
  leak?: number;
  scale?: number;
  threshold?: number;
  trigger?: string;
  triggerName?: string;
  probability?: number;
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
    const k = readKnobs(this.name, KNOBS, options);
    if (k.source === undefined) throw new ParamError(`${this.name}: which signal does it integrate? give \`source\` (the name of a signal)`);
    this.sourceValueName = k.source;
    this.leak = k.leak;
    this.scale = k.scale;
    this.threshold = k.threshold;
    this.triggerName = k.trigger ?? this.name;
    this.triggerProbability = k.probability;
    this.signed = k.signed;
    this.defineKnob("source", KNOBS.source as Knob<string>, () => this.sourceValueName, (s) => (this.sourceValueName = s));
    this.defineKnob("leak", KNOBS.leak, () => this.leak, (v) => (this.leak = v));
    this.defineKnob("scale", KNOBS.scale, () => this.scale, (v) => (this.scale = v));
    this.defineKnob("threshold", KNOBS.threshold, () => this.threshold, (v) => (this.threshold = v));
    this.defineKnob("trigger", KNOBS.trigger as Knob<string>, () => this.triggerName, (v) => (this.triggerName = v));
    this.defineKnob("probability", KNOBS.probability, () => this.triggerProbability, (v) => (this.triggerProbability = v));
    this.defineKnob("signed", KNOBS.signed, () => this.signed, (v) => (this.signed = v));
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
    if (this.chance(this.triggerProbability, "fire", ev.tick)) {
      this.publish(new TriggerEvent({ name: this.triggerName, value: level }));
    }
  }
}
