/**
 * MidiAuxRouter: routes control data to a MidiOutSink.
 *
 * - ValueEvents become control changes. A ValueEvent named `cc<N>` (e.g. "cc74") goes to
 *   controller N; other names go where the `cc` map says ({ mod_noise: 1 } or
 *   { mod_noise: { controller: 1, channel: 2, min: -1, max: 1 } }). The value's range
 *   [min, max] (default [0, 1]) maps linearly onto 0..127, clamped.
 * - ParamChangeEvents aimed at this router: param "program" (value 0..127, on `channel`), or
 *   "program:<channel>" for another channel, send a program change; "cc<N>" with a 0..127 value
 *   sends that controller directly.
 */
import type { EventBus } from "../core/bus.ts";
import { ValueEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { checkNamed, intParam, knob, ParamError, readKnobs } from "../core/params.ts";
import type { MidiOutSink } from "./midi-out-sink.ts";

/** A MIDI channel (0–15) and a 7-bit value (a program, a controller or its value), each written once. */
const CHANNEL = intParam(0, 15);
const SEVEN_BITS = intParam(0, 127);

const KNOBS = {
  /** Default channel for control and program changes. */
  channel: knob(CHANNEL, 0),
  /** Initial program (sent at start). */
  program: knob<number | undefined>(SEVEN_BITS, undefined),
};

export interface CcMapping {
  controller: number;
  channel?: number;
  min?: number;
  max?: number;
}

export interface MidiAuxRouterOptions extends NodeOptions {
  cc?: Record<string, number | CcMapping>;
  /** Default channel for control and program changes. */
  channel?: number;
  /** Initial program (sent at start). */
  program?: number;
}

export class MidiAuxRouter extends Node {
  readonly kind = "midi_aux";
  private readonly mappings = new Map<string, Required<CcMapping>>();
  channel: number;
  private readonly initialProgram: number | undefined;
  private lastSent = new Map<number, number>();

  constructor(
    bus: EventBus,
    readonly midi: MidiOutSink,
    options: MidiAuxRouterOptions = {},
  ) {
    super(bus, "midi_aux", options);
    const k = readKnobs(this.name, KNOBS, options);
    this.channel = k.channel;
    this.initialProgram = k.program;
    for (const [name, m] of Object.entries(options.cc ?? {})) this.map(name, m);
    this.defineKnob("channel", KNOBS.channel, () => this.channel, (c) => (this.channel = c));
  }

  /** Route ValueEvents named `name` to a controller. */
  map(name: string, mapping: number | CcMapping): void {
    const m = typeof mapping === "number" ? { controller: mapping } : mapping;
    const controller = SEVEN_BITS.check(m.controller);
    const min = m.min ?? 0;
    const max = m.max ?? 1;
    if (!(max > min)) throw new RangeError(`${this.name}: mapping for "${name}" needs max > min, got [${min}, ${max}]`);
    this.mappings.set(name, { controller, channel: CHANNEL.check(m.channel ?? this.channel), min, max });
  }

  /** The mapping table (for docs and the REPL). */
  routes(): Record<string, Required<CcMapping>> {
    return Object.fromEntries(this.mappings);
  }

  protected override onStart(): void {
    if (this.initialProgram !== undefined) this.midi.program(this.bus.now, this.channel, this.initialProgram);
    this.listen(ValueEvent, (ev) => this.onValue(ev));
  }

  /** Params of the router are dynamic ("program", "program:3", "cc74"), so it takes its own ParamChangeEvents. */
  override setParam(param: string, value: unknown): void {
    const program = /^program(?::(\d+))?$/.exec(param);
    const cc = /^cc:?(\d+)$/.exec(param);
    if (!program && !cc) return super.setParam(param, value);
    const v = checkNamed(`${this.name}.${param}`, SEVEN_BITS, value);
    const tick = this.bus.now;
    const channel = program?.[1] !== undefined ? Number(program[1]) : this.channel;
    const controller = Number(cc?.[1] ?? 0);
    if (channel > 15 || controller > 127) {
      throw new ParamError(`${this.name}.${param}: channel must be 0–15 and controller 0–127`);
    }
    if (program) {
      this.midi.program(tick, channel, v);
    } else {
      this.midi.control(tick, this.channel, controller, v);
      // The controller now holds v: a later ValueEvent must compare with that, not with what it last sent.
      this.lastSent.set(this.channel * 128 + controller, v);
    }
  }

  private onValue(ev: ValueEvent): void {
    const m = this.mappings.get(ev.name) ?? autoMapping(ev.name, this.channel);
    if (!m) return;
    const scaled = Math.round(((ev.value - m.min) / (m.max - m.min)) * 127);
    const value = Math.min(127, Math.max(0, Number.isFinite(scaled) ? scaled : 0));
    // A 60 Hz signal would repeat the same controller value many times: send changes only.
    const key = m.channel * 128 + m.controller;
    if (this.lastSent.get(key) === value) return;
    this.lastSent.set(key, value);
    this.midi.control(ev.tick ?? this.bus.now, m.channel, m.controller, value);
  }
}

function autoMapping(name: string, channel: number): Required<CcMapping> | undefined {
  const m = /^cc:?(\d+)$/.exec(name);
  if (!m) return undefined;
  const controller = Number(m[1]);
  return controller <= 127 ? { controller, channel, min: 0, max: 1 } : undefined;
}

