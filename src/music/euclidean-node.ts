/**
 * EuclideanRhythmNode: on each clock step that is a hit of its pattern, publishes a TriggerEvent
 * (with `probability`). Steps are counted from the clock's absolute step index, so a 12-step
 * pattern against a 16-step loop cycles freely (polymeter) and a reload never resets the phase.
 */
import type { EventBus } from "../core/bus.ts";
import { TickEvent, TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { intParam, numberParam, stringParam } from "../core/params.ts";
import { EuclideanPattern } from "./euclidean-pattern.ts";

export interface EuclideanRhythmNodeOptions extends NodeOptions {
  pattern?: EuclideanPattern;
  /** Name of the TriggerEvents published on hits. */
  hitTriggerName?: string;
  /** Chance that a hit becomes a trigger. */
  probability?: number;
  /** Follow only this clock (with several clocks); default: every TickEvent. */
  clock?: string;
  /** Value carried by the triggers (e.g. an accent level). */
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
    this.pattern = options.pattern ?? new EuclideanPattern({ steps: 16, pulses: 4 });
    this.hitTriggerName = options.hitTriggerName ?? "hit";
    this.probability = numberParam(0, 1).check(options.probability ?? 1);
    this.clock = options.clock;
    this.value = options.value ?? 1;
    this.defineParam("steps", intParam(1, 1024), () => this.pattern.steps, (steps) =>
      this.reshape({ steps, pulses: Math.min(this.pattern.pulses, steps) }),
    );
    // Checked against the current steps, so a REPL line with too many pulses is refused at once.
    const pulsesSpec = { get describe() { return "an integer from 0 to steps"; }, check: (v: unknown) => intParam(0, this.pattern.steps).check(v) };
    this.defineParam("pulses", pulsesSpec, () => this.pattern.pulses, (pulses) => this.reshape({ pulses }));
    this.defineParam("rotation", intParam(-1024, 1024), () => this.pattern.rotation, (rotation) => this.reshape({ rotation }));
    this.defineParam("probability", numberParam(0, 1), () => this.probability, (p) => (this.probability = p));
    this.defineParam("trigger", stringParam(), () => this.hitTriggerName, (n) => (this.hitTriggerName = n));
    this.defineParam("value", numberParam(0, 1), () => this.value, (v) => (this.value = v));
  }

  protected override onStart(): void {
    this.listen(TickEvent, (tick) => this.onTick(tick), {
      where: (ev) => this.clock === undefined || ev.clock === this.clock,
    });
  }

  private onTick(tick: TickEvent): void {
    if (!this.pattern.isHit(tick.index)) return;
    if (!this.random.chance(this.probability)) return;
    this.publish(new TriggerEvent({ name: this.hitTriggerName, value: this.value }));
  }

  private reshape(changes: Partial<{ steps: number; pulses: number; rotation: number }>): void {
    this.pattern = this.pattern.with(changes);
  }
}
