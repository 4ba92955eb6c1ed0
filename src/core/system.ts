/**
 * System: owns the bus and the timeline, starts and stops nodes, and runs time — virtually (as
 * fast as the work allows: offline renders and tests) or in real time (with lookahead).
 *
 * Any object with `async start()` is a node. Each gets a unique name (its `name`, or one derived
 * from its class), runs in its own context so what it publishes is attributed to it, and is
 * isolated: a node whose start() throws is reported and removed, the others keep playing.
 */
import { EventBus, type Logger, describe } from "./bus.ts";
import { didYouMean } from "./did-you-mean.ts";
import { ParamChangeEvent } from "./events.ts";
import { Node } from "./node.ts";
import { checkNamed, ParamError } from "./params.ts";
import { runAsNode, type NodeContext } from "./node-context.ts";
import { RealtimeDriver, type RealtimeOptions } from "./realtime-driver.ts";
import { SubscriptionClosed } from "./subscription.ts";
import { Timeline } from "./timeline.ts";

/** What the system needs of a node: the seed's contract. */
export interface NodeLike {
  start(): Promise<void> | void;
  stop?(): void;
  name?: string;
  kind?: string;
}

export interface SystemOptions {
  clock?: "virtual" | "realtime";
  seed?: string | number;
  /** Initial tempo (a Clock with a bpm overrides it). */
  bpm?: number;
  lookaheadMs?: number;
  /** The realtime clock's wall clock and timers (tests run it on a manual clock). */
  wallClock?: Pick<RealtimeOptions, "now" | "timers">;
  logger?: Logger;
}

interface Entry {
  name: string;
  node: NodeLike;
  ctx: NodeContext;
  started: boolean;
}

export class System {
  readonly bus: EventBus;
  readonly timeline: Timeline;
  readonly mode: "virtual" | "realtime";
  readonly realtime: RealtimeDriver | undefined;
  private readonly entries = new Map<string, Entry>();
  private running = false;

  constructor(options: SystemOptions = {}) {
    this.mode = options.clock ?? "virtual";
    if (this.mode !== "virtual" && this.mode !== "realtime") {
      throw new RangeError(`clock must be "virtual" or "realtime", got ${JSON.stringify(options.clock)}`);
    }
    this.timeline = new Timeline(options.bpm ?? 120);
    this.bus = new EventBus({
      timeline: this.timeline,
      seed: options.seed ?? 0,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.realtime =
      this.mode === "realtime"
        ? new RealtimeDriver(this.timeline, {
            ...(options.lookaheadMs !== undefined ? { lookaheadMs: options.lookaheadMs } : {}),
            ...options.wallClock,
          })
        : undefined;
    // A ParamChangeEvent aimed at no node at all would otherwise vanish silently.
    this.bus.on(
      ParamChangeEvent,
      (ev) => {
        if (!this.entries.has(ev.target)) {
          this.bus.report({
            kind: "param",
            message: `no node named "${ev.target}" (param "${ev.param}"); nodes: ${this.names().join(", ") || "none"}`,
          });
        }
      },
      { node: "system" },
    );
    // A node that stopped by itself (it failed while playing) leaves the system, like one whose
    // start() failed: a reload then brings a fresh one instead of updating a stopped node.
    this.bus.onNodeStopped((name) => {
      const entry = this.entries.get(name);
      if (entry?.started && (entry.node as { isRunning?: boolean }).isRunning === false) {
        this.entries.delete(name);
        entry.started = false;
        this.bus.closeSubscriptionsOf(entry.ctx);
      }
    });
  }

  get seed(): string | number {
    return this.bus.seed;
  }

  /** Add a node; it starts now if the system runs, else at the next run. Returns the node. */
  add<N extends NodeLike>(node: N, name?: string): N {
    const chosen = name ?? node.name ?? this.deriveName(node);
    if (this.entries.has(chosen)) {
      throw new Error(`a node named "${chosen}" already exists; nodes: ${this.names().join(", ")}`);
    }
    try {
      // Built-in nodes key their random stream by name: give them the final one.
      if (node.name !== chosen) node.name = chosen;
    } catch {
      /* a read-only name is kept as the node wants it */
    }
    const entry: Entry = { name: chosen, node, ctx: { name: chosen }, started: false };
    this.entries.set(chosen, entry);
    if (this.running) this.startEntry(entry);
    return node;
  }

  /** Stop a node and forget it. */
  remove(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no node named "${name}"; nodes: ${this.names().join(", ") || "none"}`);
    this.entries.delete(name);
    this.stopEntry(entry);
  }

  /**
   * Would `target.param = value` be taken? Throws ParamError naming what is wrong and what is
   * valid (the node, the param, the value); changes nothing. For the performer's changes, which
   * must be refused when typed, not later when they act.
   */
  checkParam(target: string, param: string, value: unknown): string {
    const node = this.node(target);
    if (!node) throw new ParamError(`no node named "${target}"; nodes: ${this.names().join(", ")}`);
    if (!(node instanceof Node)) throw new ParamError(`${target} has no declared params (it is a hand-written node)`);
    const name = node.paramName(param);
    if (name === undefined) {
      const hint = didYouMean(param, node.paramNames());
      throw new ParamError(`${target} has no param "${param}"; ${hint ? `${hint} ` : ""}its params: ${node.paramNames().join(", ")}`);
    }
    checkNamed(`${target}.${name}`, node.paramSpec(name)!, value);
    return name;
  }

  node(name: string): NodeLike | undefined {
    return this.entries.get(name)?.node;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Start every node that is not running yet. */
  start(): void {
    this.running = true;
    for (const entry of this.entries.values()) if (!entry.started) this.startEntry(entry);
  }

  /** Run for `seconds` of musical time (virtual: as fast as possible; realtime: on the wall clock). */
  async runFor(seconds: number): Promise<void> {
    if (!(seconds >= 0)) throw new RangeError(`runFor needs seconds ≥ 0, got ${seconds}`);
    this.start();
    const end = this.timeline.nowSeconds + seconds;
    if (this.realtime) {
      await this.realtime.run(end);
    } else {
      await this.timeline.runUntil(exactTick(this.timeline.tempo.toTicks(end)));
    }
  }

  /** Run virtual time up to (not including) `tick`. */
  async runUntilTick(tick: number): Promise<void> {
    this.start();
    await this.timeline.runUntil(tick);
  }

  /** Stop every node (in reverse order of adding) and the clock. */
  stop(): void {
    this.running = false;
    this.realtime?.stop();
    for (const entry of [...this.entries.values()].reverse()) this.stopEntry(entry);
    this.timeline.clear();
  }

  private startEntry(entry: Entry): void {
    entry.started = true;
    let result: unknown;
    try {
      result = runAsNode(entry.ctx, () => entry.node.start());
    } catch (err) {
      this.fail(entry, err);
      return;
    }
    if (result instanceof Promise) {
      result.catch((err: unknown) => {
        if (err instanceof SubscriptionClosed) return; // stopped: the seed's loops end this way
        this.fail(entry, err);
      });
    }
  }

  private stopEntry(entry: Entry): void {
    if (!entry.started) return;
    entry.started = false;
    try {
      entry.node.stop?.();
    } catch (err) {
      this.bus.report({ kind: "node", node: entry.name, message: `${entry.name} failed while stopping: ${describe(err)}` });
    }
    this.bus.closeSubscriptionsOf(entry.ctx);
    this.bus.nodeStopped(entry.name);
  }

  private fail(entry: Entry, err: unknown): void {
    this.bus.report({ kind: "node", node: entry.name, message: `${entry.name} stopped after an error: ${describe(err)}`, error: err });
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    this.stopEntry(entry);
  }

  private deriveName(node: NodeLike): string {
    return uniqueName(baseName(node), (n) => this.entries.has(n));
  }
}

/** The name a node gets when it brings none: its class, minus "Node", lower camel case. */
export function baseName(node: NodeLike): string {
  const cls = node.constructor?.name && node.constructor.name !== "Object" ? node.constructor.name : "node";
  return cls.replace(/Node$/, "").replace(/^./, (c) => c.toLowerCase()) || "node";
}

/** `base`, or `base2`, `base3` … the first that is not taken. */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  return name;
}

/** Ticks computed from seconds land a hair off whole numbers: snap those, keep real fractions. */
function exactTick(t: number): number {
  const r = Math.round(t);
  return Math.abs(t - r) < 1e-6 ? r : t;
}
