/**
 * ProbabilityRouter: each incoming trigger is taken by exactly one of several outputs, chosen by
 * weight (or dropped, with `drop`) — the seed's "a trigger can be consumed by one of many
 * nodes". The outputs are TriggerEvents under the output's name.
 */
import type { EventBus } from "../core/bus.ts";
import { TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { knob, type Knob, numberParam, ParamError, readKnobs, stringParam, type ParamSpec } from "../core/params.ts";

export interface ProbabilityRouterOptions extends NodeOptions {
  input: string;
  /** Output trigger name → weight (relative; need not sum to 1). */
  outputs: Record<string, number>;
  /** Weight of "nobody takes it". */
  drop?: number;
  /** (the older name of `drop`) */
  dropWeight?: number;
}

const weightsSpec: ParamSpec<Record<string, number>> = {
  describe: "an object of output names to non-negative weights, at least one above 0",
  check: (v) => {
    const ok =
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v).every((w) => typeof w === "number" && w >= 0 && Number.isFinite(w)) &&
      Object.values(v).some((w) => (w as number) > 0);
    if (!ok) throw new ParamError(`expected ${weightsSpec.describe}, got ${JSON.stringify(v)}`);
    return { ...(v as Record<string, number>) };
  },
};

const KNOBS = {
  input: knob<string | undefined>(stringParam(), undefined),
  outputs: knob<Record<string, number> | undefined>(weightsSpec, undefined),
  drop: knob(numberParam(0, 1e6), 0, "dropWeight"),
};

export class ProbabilityRouter extends Node {
  readonly kind = "router";
  input: string;
  outputs: Record<string, number>;
  dropWeight: number;

  constructor(bus: EventBus, options: ProbabilityRouterOptions) {
    super(bus, "router", options);
    const k = readKnobs(this.name, KNOBS, options);
    if (k.input === undefined || k.outputs === undefined) throw new ParamError(`${this.name}: give \`input\` (a trigger's name) and \`outputs\` (names to weights)`);
    this.input = k.input;
    this.outputs = k.outputs;
    this.dropWeight = k.drop;
    this.defineKnob("input", KNOBS.input as Knob<string>, () => this.input, (v) => (this.input = v));
    this.defineKnob("outputs", KNOBS.outputs as Knob<Record<string, number>>, () => this.outputs, (v) => (this.outputs = v));
    this.defineKnob("drop", KNOBS.drop, () => this.dropWeight, (v) => (this.dropWeight = v));
  }

  /** Which output takes a trigger, for a uniform draw u in [0, 1); undefined = dropped. */
  pick(u: number): string | undefined {
    const entries = Object.entries(this.outputs);
    const total = entries.reduce((s, [, w]) => s + w, this.dropWeight);
    let x = u * total;
    for (const [name, w] of entries) {
      if (x < w) return name;
      x -= w;
    }
    return undefined;
  }

  protected override onStart(): void {
    this.listen(TriggerEvent, (ev) => {
      const out = this.pick(this.draw("route", ev.tick));
      if (out !== undefined) this.publish(new TriggerEvent({ name: out, value: ev.value }));
    }, { where: (ev) => ev.name === this.input });
  }
}
