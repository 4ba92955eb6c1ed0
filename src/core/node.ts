/**
 * The base of the built-in nodes. A node in the seed's sense is any object with `async start()`;
 * this class adds what a live performance needs: a name, declared params changed by
 * ParamChangeEvents (validated, with clear errors), a keyed random stream, and a clean stop.
 */
import { describe, type EventBus, type EventFilter, type EventType } from "./bus.ts";
import { actAs } from "./node-context.ts";
import { type BusEvent, ParamChangeEvent } from "./events.ts";
import { didYouMean } from "./did-you-mean.ts";
import { camelCase, checkNamed, type Knob, ParamError, type ParamSpec, sameParamValue } from "./params.ts";
import { KeyedRandom } from "./keyed-random.ts";
import type { RandomPolicy } from "./random.ts";

export interface NodeOptions {
  /** The name ParamChangeEvents target and logs show. Also keys the node's random stream. */
  name?: string;
  /** A custom randomness policy (default: a stream keyed by system seed and node name). */
  random?: RandomPolicy;
}

interface Param {
  spec: ParamSpec;
  get: () => unknown;
  set: (value: never) => void;
}

export abstract class Node {
  name: string;
  /** What kind of node this is ("arp", "euclid", …): a reload updates a node in place only if kind and name match. */
  abstract readonly kind: string;
  readonly bus: EventBus;
  private rng: RandomPolicy | undefined;
  /** A RandomPolicy was given (the seed API's `random`): draws come from its stream, in order. */
  private customRandom: boolean;
  private keyed: KeyedRandom | undefined;
  /** Draws so far at `drawTick`, by purpose: two draws for one purpose at one tick differ. */
  private drawTick = -1;
  private readonly drawsAtTick = new Map<string, number>();
  private readonly offs: Array<() => void> = [];
  private readonly timers = new Set<() => void>();
  private readonly table = new Map<string, Param>();
  /** The seed's names of knobs (`gateBeats`), accepted by setParam and never listed. */
  private readonly seedNames = new Map<string, string>();
  private started = false;

  constructor(bus: EventBus, defaultName: string, options: NodeOptions = {}) {
    this.bus = bus;
    this.name = options.name ?? defaultName;
    this.rng = options.random;
    this.customRandom = options.random !== undefined;
  }

  /** This node's random stream (created on first use, keyed by the final name). */
  get random(): RandomPolicy {
    return (this.rng ??= this.bus.random(this.name));
  }

  set random(policy: RandomPolicy) {
    this.rng = policy;
    this.customRandom = true;
  }

  /**
   * A uniform draw in [0, 1) for `purpose` at `tick` (the event's tick; the bus's now when it has
   * none), keyed by (seed, node name, tick, purpose, how many such draws came before at this
   * tick): a pure function of where it falls, so a changed probability, a reload or a replay
   * never shifts any other choice. A node given a custom RandomPolicy draws from it in order
   * instead (the seed API's contract).
   */
  protected draw(purpose: string, tick: number = this.bus.now): number {
    if (this.customRandom) return this.random.random();
    if (tick !== this.drawTick) {
      this.drawTick = tick;
      this.drawsAtTick.clear();
    }
    const n = this.drawsAtTick.get(purpose) ?? 0;
    this.drawsAtTick.set(purpose, n + 1);
    this.keyed ??= new KeyedRandom(String(this.bus.seed), this.name);
    return this.keyed.at(tick, purpose, n);
  }

  /**
   * True with probability p (p ≥ 1 always and p ≤ 0 never, without drawing). A custom
   * RandomPolicy is asked its own `chance(p)`, every time: a stateful policy (one that never lets
   * two notes in a row be skipped) decides on its own terms, as the seed's contract says.
   */
  protected chance(p: number, purpose: string, tick?: number): boolean {
    if (this.customRandom) return this.random.chance(p);
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.draw(purpose, tick) < p;
  }

  get isRunning(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.listen(ParamChangeEvent, (ev) => this.onParamChange(ev), { where: (ev) => ev.target === this.name });
    this.onStart();
  }

  /** Stop reacting; subclasses release what they hold (sounding notes, timers) in onStop. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    for (const off of this.offs.splice(0)) off();
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.onStop();
    this.bus.nodeStopped(this.name);
  }

  /**
   * A reload brought a newer version of this node (same name and kind): take its settings and
   * keep this node's state (position, random stream, levels). `params` names the params to take
   * (the ones the patch changed); without it, every param that differs. Nodes with settings that
   * are not params (a signal's function) take those too.
   */
  adopt(newer: this, params?: readonly string[]): void {
    const values = newer.params();
    for (const param of params ?? Object.keys(values)) {
      if (!(param in values)) continue;
      if (!sameParamValue(this.getParam(param), values[param])) this.setParam(param, values[param]);
    }
  }

  /** Change a param now. Throws ParamError naming the node, the param and the valid values. */
  setParam(param: string, value: unknown): void {
    const key = this.knobName(param);
    const p = this.table.get(key);
    if (!p) throw this.noSuchParam(param);
    p.set(checkNamed(`${this.name}.${key}`, p.spec, value) as never);
  }

  getParam(param: string): unknown {
    const p = this.table.get(this.knobName(param));
    if (!p) throw this.noSuchParam(param);
    return p.get();
  }

  /** The performer's name of a param given by either name (`gate_beats`, `gateBeats` → `gate`). */
  private knobName(param: string): string {
    const key = camelCase(param);
    return this.table.has(key) ? key : (this.seedNames.get(key) ?? key);
  }

  private noSuchParam(param: string): ParamError {
    const names = this.paramNames();
    const hint = didYouMean(param, names);
    return new ParamError(`${this.name} has no param "${param}"; ${hint ? `${hint} ` : ""}its params: ${names.join(", ")}`);
  }

  paramNames(): string[] {
    return [...this.table.keys()];
  }

  /** The performer's name of a param given by any spelling (`gate_beats` → `gate`), or undefined if it has none. */
  paramName(param: string): string | undefined {
    const key = this.knobName(param);
    return this.table.has(key) ? key : undefined;
  }

  paramSpec(param: string): ParamSpec | undefined {
    return this.table.get(this.knobName(param))?.spec;
  }

  /** Current values of every param. */
  params(): Record<string, unknown> {
    return Object.fromEntries([...this.table].map(([k, p]) => [k, p.get()]));
  }

  protected defineParam<T>(name: string, spec: ParamSpec<T>, get: () => T, set: (value: T) => void): void {
    this.table.set(name, { spec, get, set: set as (value: never) => void });
  }

  /** A param from its knob (declared once: the spec and the seed's name come from there). */
  protected defineKnob<T>(name: string, knob: Knob<T>, get: () => T, set: (value: T) => void): void {
    this.defineParam(name, knob.spec, get, set);
    if (knob.seedName !== undefined) this.seedNames.set(knob.seedName, name);
  }

  /** Subscribe a synchronous handler for as long as the node runs. A handler that throws stops the node. */
  protected listen<E extends BusEvent>(type: EventType<E>, handler: (ev: E) => void, filter: EventFilter<E> = {}): void {
    const guarded = (ev: E): void => {
      try {
        handler(ev);
      } catch (err) {
        this.fail(err);
      }
    };
    this.offs.push(this.bus.on(type, guarded, { ...filter, node: this.name }));
  }

  /**
   * Run `fn` as this node at `tick` (cancelled when the node stops). A callback that throws stops
   * the node. `priority` orders it among the timers of its tick (see CONTEXT_PRIORITY).
   */
  protected at(tick: number, fn: () => void, priority = 0): () => void {
    let timerCancel: (() => void) | undefined;
    const cancel = (): void => {
      timerCancel?.();
      this.timers.delete(cancel);
    };
    const fire = (): void => {
      this.timers.delete(cancel);
      try {
        actAs(this.name, undefined, fn);
      } catch (err) {
        this.fail(err);
      }
    };
    timerCancel = this.bus.timeline.at(tick, fire, priority);
    this.timers.add(cancel);
    return cancel;
  }

  /**
   * A node that throws while running is stopped and reported; the rest keep playing.
   * Subclasses release what they hold in onStop (sounding notes, timers).
   */
  protected fail(err: unknown): void {
    this.bus.report({ kind: "node", node: this.name, message: `${this.name} stopped after an error: ${describe(err)}`, error: err });
    this.stop();
  }

  /**
   * While this node runs, what `from` plays is heard through it only (a groove, a humanizer that
   * republishes the notes): sinks stop playing the originals. Call from onStart.
   */
  protected takeOver(from: string | readonly string[]): void {
    for (const source of typeof from === "string" ? [from] : from) this.onDispose(this.bus.take(source, this.name));
  }

  /** Run `fn` when the node stops (cancel timers etc.). */
  protected onDispose(fn: () => void): void {
    this.offs.push(fn);
  }

  protected publish(ev: BusEvent): void {
    this.bus.emit(ev);
  }

  protected onStart(): void {}
  protected onStop(): void {}

  private onParamChange(ev: ParamChangeEvent): void {
    try {
      this.setParam(ev.param, ev.value);
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      this.bus.report({ kind: "param", node: this.name, message: err.message });
    }
  }
}

