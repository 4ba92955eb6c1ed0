/**
 * EuclideanRhythmNode: on each clock step that is a hit of its pattern, publishes a TriggerEvent
 * (with `probability`). Steps are counted from the clock's absolute step index, so a 12-step
 * pattern against a 16-step loop cycles freely (polymeter) and a reload never resets the phase.
 */
import type { EventBus } from "../core/bus.ts";
import { TickEvent, TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { intParam, knob, numberParam, ParamError, readKnobs, stringParam } from "../core/params.ts";
import { EuclideanPattern } from "./euclidean-pattern.ts";

const KNOBS = {
  steps: knob(intParam(1, 1024), 16),
  /** Hits spread over the steps (at most `steps`). */
  pulses: knob(intParam(0, 1024), 4),
  /** Left rotation in steps. */
  rotation: knob(intParam(-1024, 1024), 0),
  /** Name of the TriggerEvents published on hits. */
  trigger: knob(stringParam(), "hit", "hitTriggerName"),
  /** Chance that a hit becomes a trigger. */
  probability: knob(numberParam(0, 1), 1),
  /** Value carried by the triggers (e.g. an accent level). */
  value: knob(numberParam(0, 1), 1),
};

/** Options by the performer's names, or the seed's (`pattern` as an EuclideanPattern, `hitTriggerName`). */
export interface EuclideanRhythmNodeOptions extends NodeOptions {
  steps?: number;
  pulses?: number;
  rotation?: number;
  pattern?: EuclideanPattern;
  trigger?: string;
  hitTriggerName?: string;
  probability?: number;
  /** Follow only this clock (with several clocks); default: every TickEvent. */
  clock?: string;
  value?: number;
}

export class EuclideanRhythmNode extends Node {
  readonly kind = "euclid";
  pattern: EuclideanPattern;
  hitTriggerName: string;
  probability: number;
  clock: string | undefined;
  value: number;

  constructor(bus: EventBus, options: EuclideanRhythmNodeOptions = {}) {
    super(bus, "euc", options);
    const k = readKnobs(this.name, KNOBS, options);
    if (k.pulses > k.steps) throw new ParamError(`${this.name}.pulses: expected an integer from 0 to steps (${k.steps}), got ${k.pulses}`);
    this.pattern = options.pattern ?? new EuclideanPattern({ steps: k.steps, pulses: k.pulses, rotation: k.rotation });
    this.hitTriggerName = k.trigger;
    this.probability = k.probability;
    this.clock = options.clock;
    this.value = k.value;
    this.defineKnob("steps", KNOBS.steps, () => this.pattern.steps, (steps) =>
      this.reshape({ steps, pulses: Math.min(this.pattern.pulses, steps) }),
    );
    // Checked against the current steps, so a REPL line with too many pulses is refused at once.
    const pulses = { ...KNOBS.pulses, spec: { get describe() { return "an integer from 0 to steps"; }, check: (v: unknown) => intParam(0, this.pattern.steps).check(v) } };
    this.defineKnob("pulses", pulses, () => this.pattern.pulses, (p) => this.reshape({ pulses: p }));
    this.defineKnob("rotation", KNOBS.rotation, () => this.pattern.rotation, (rotation) => this.reshape({ rotation }));
    this.defineKnob("probability", KNOBS.probability, () => this.probability, (p) => (this.probability = p));
    this.defineKnob("trigger", KNOBS.trigger, () => this.hitTriggerName, (n) => (this.hitTriggerName = n));
    this.defineKnob("value", KNOBS.value, () => this.value, (v) => (this.value = v));
  }

  protected override onStart(): void {
    this.listen(TickEvent, (tick) => this.onTick(tick), {
      where: (ev) => this.clock === undefined || ev.clock === this.clock,
    });
  }

  private onTick(tick: TickEvent): void {
    if (!this.pattern.isHit(tick.index)) return;
    if (!this.chance(this.probability, "hit", tick.tick)) return;
    this.publish(new TriggerEvent({ name: this.hitTriggerName, value: this.value }));
  }

  private reshape(changes: Partial<{ steps: number; pulses: number; rotation: number }>): void {
    this.pattern = this.pattern.with(changes);
  }
}
