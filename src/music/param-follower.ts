/**
 * ParamFollower: lets a continuous signal, or a stream of triggers, play a param of another node
 * — an LFO sweeping the arpeggiator's velocity, an integrator's triggers stepping through scales,
 * a controller turning the piano's energy. It publishes ParamChangeEvents, so whatever it does is
 * the same as a performer's change (and a patch can point it at any node, by name).
 */
import type { EventBus } from "../core/bus.ts";
import { ParamChangeEvent, TriggerEvent, ValueEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { boolParam, knob, numberParam, ParamError, readKnobs, stringParam } from "../core/params.ts";
import { beatsToTicks } from "../core/time.ts";

const KNOBS = {
  min: knob(numberParam(-1e9, 1e9), 0),
  max: knob(numberParam(-1e9, 1e9), 1),
  /** Round the mapped value (for integer params). */
  integer: knob(boolParam(), false),
  /** At most one change per this many beats (a 60 Hz signal need not send 60 changes a second). */
  every: knob(numberParam(0, 64), 1 / 16, "everyBeats"),
};

export interface ParamFollowerOptions extends NodeOptions {
  /** "node.param" to play, e.g. "arp.velocity". */
  target: string;
  /** Follow the ValueEvents of this name, mapped from [inputMin, inputMax] to [min, max] … */
  source?: string;
  /** … or step through `values` on each TriggerEvent of this name. */
  trigger?: string;
  min?: number;
  max?: number;
  inputMin?: number;
  inputMax?: number;
  /** Round the mapped value (for integer params). */
  integer?: boolean;
  values?: readonly unknown[];
  every?: number;
  /** (the older name of `every`) */
  everyBeats?: number;
}

export class ParamFollower extends Node {
  readonly kind = "follow";
  targetNode: string;
  targetParam: string;
  source: string | undefined;
  trigger: string | undefined;
  min: number;
  max: number;
  inputMin: number;
  inputMax: number;
  integer: boolean;
  values: readonly unknown[];
  everyBeats: number;
  private step = 0;
  private last: unknown;
  private lastTick = -Infinity;

  constructor(bus: EventBus, options: ParamFollowerOptions) {
    super(bus, "follow", options);
    [this.targetNode, this.targetParam] = splitTarget(options.target);
    if ((options.source === undefined) === (options.trigger === undefined)) {
      throw new ParamError(`${this.name}: give either source (a signal's name) or trigger (a trigger's name)`);
    }
    const k = readKnobs(this.name, KNOBS, options);
    this.source = options.source;
    this.trigger = options.trigger;
    this.min = k.min;
    this.max = k.max;
    this.inputMin = options.inputMin ?? 0;
    this.inputMax = options.inputMax ?? 1;
    if (this.inputMax === this.inputMin) throw new ParamError(`${this.name}: inputMin and inputMax must differ`);
    this.integer = k.integer;
    this.values = options.values ?? [];
    if (this.trigger !== undefined && this.values.length === 0) throw new ParamError(`${this.name}: a trigger follower needs values to step through`);
    this.everyBeats = k.every;
    this.defineParam("target", stringParam(), () => `${this.targetNode}.${this.targetParam}`, (t) => ([this.targetNode, this.targetParam] = splitTarget(t)));
    this.defineKnob("min", KNOBS.min, () => this.min, (v) => (this.min = v));
    this.defineKnob("max", KNOBS.max, () => this.max, (v) => (this.max = v));
    this.defineKnob("integer", KNOBS.integer, () => this.integer, (v) => (this.integer = v));
    this.defineKnob("every", KNOBS.every, () => this.everyBeats, (v) => (this.everyBeats = v));
  }

  protected override onStart(): void {
    if (this.source !== undefined) this.listen(ValueEvent, (ev) => this.follow(ev), { where: (ev) => ev.name === this.source });
    if (this.trigger !== undefined) this.listen(TriggerEvent, () => this.advance(), { where: (ev) => ev.name === this.trigger });
  }

  /** The value a signal sample maps to. */
  map(x: number): number {
    const u = Math.min(1, Math.max(0, (x - this.inputMin) / (this.inputMax - this.inputMin)));
    const v = this.min + u * (this.max - this.min);
    return this.integer ? Math.round(v) : v;
  }

  private follow(ev: ValueEvent): void {
    const tick = ev.tick ?? this.bus.now;
    if (tick - this.lastTick < beatsToTicks(this.everyBeats)) return;
    this.send(this.map(ev.value), tick);
  }

  private advance(): void {
    const value = this.values[this.step % this.values.length];
    this.step++;
    this.send(value, this.bus.now);
  }

  private send(value: unknown, tick: number): void {
    if (value === this.last) return;
    this.last = value;
    this.lastTick = tick;
    this.publish(new ParamChangeEvent({ target: this.targetNode, param: this.targetParam, value }));
  }
}

function splitTarget(target: string): [string, string] {
  const m = /^([^.\s]+)\.([^.\s]+)$/.exec(target);
  if (!m) throw new ParamError(`target must be "node.param" (e.g. "arp.velocity"), got ${JSON.stringify(target)}`);
  return [m[1]!, m[2]!];
}
