/**
 * The event bus: every node talks through it. Delivery is synchronous and in subscription order,
 * so a render is deterministic. It stamps each event with its time, source and reaction chain,
 * isolates faults (a throwing handler is reported, the others still get the event), catches
 * feedback loops at one instant, and bounds the memory of slow subscribers.
 */
import { BusEvent, ErrorEvent } from "./events.ts";
import { actAs, asyncNodeContext, currentContext, type NodeContext } from "./node-context.ts";
import { randomFor, type RandomPolicy } from "./random.ts";
import { Subscription } from "./subscription.ts";
import { Timeline } from "./timeline.ts";
import type { Ticks } from "./time.ts";

// Constructors of events; abstract so `subscribe(BusEvent)` (everything) type-checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventType<E extends BusEvent> = abstract new (...args: any[]) => E;

/** Which events of a type a subscriber wants. */
export interface EventFilter<E extends BusEvent = BusEvent> {
  /** Only events published by these nodes (routing a transform between two nodes). */
  from?: string | readonly string[];
  /** Only events on these streams. */
  stream?: string | readonly string[];
  /** Any other condition. */
  where?: (ev: E) => boolean;
}

export interface Problem {
  kind: string;
  message: string;
  node?: string;
  /** The error behind it, when there is one (the live layer maps its stack to the patch source). */
  error?: unknown;
}

export type Logger = (problem: Problem) => void;

interface Receiver {
  readonly type: EventType<BusEvent>;
  readonly accepts: (ev: BusEvent) => boolean;
  readonly owner: string | undefined;
  readonly deliver: (ev: BusEvent) => void;
  /** The pull subscription behind this receiver, if any. */
  subscription?: Subscription<BusEvent>;
}

export interface EventBusOptions {
  timeline?: Timeline;
  seed?: string | number;
  logger?: Logger;
  /** Longest chain of reactions allowed at one instant before it is called a loop. */
  hopLimit?: number;
  /** Queue capacity of each async subscription. */
  queueCapacity?: number;
}

export class EventBus {
  readonly timeline: Timeline;
  seed: string | number;
  logger: Logger;
  readonly hopLimit: number;
  readonly queueCapacity: number;
  private receivers: Receiver[] = [];
  private reportedLoops = new Set<string>();
  private readonly repeats = new Map<string, number>();
  /** Loops caught (events dropped) so far. */
  loopsDropped = 0;
  private reporting = false;
  private readonly stopListeners = new Set<(name: string) => void>();
  private readonly takers = new Map<string, Set<string>>();

  constructor(options: EventBusOptions = {}) {
    this.timeline = options.timeline ?? new Timeline();
    this.seed = options.seed ?? 0;
    this.logger = options.logger ?? defaultLogger;
    this.hopLimit = options.hopLimit ?? 32;
    this.queueCapacity = options.queueCapacity ?? 1024;
  }

  /** The current musical time in ticks. */
  get now(): Ticks {
    return this.timeline.now;
  }

  /** The random stream of node `name` under this bus's seed. */
  random(name: string): RandomPolicy {
    return randomFor(this.seed, name);
  }

  /** Seed-style pull subscription (`await sub.recv()`, `for await (const ev of sub)`). */
  async subscribe<E extends BusEvent>(type: EventType<E>, filter: EventFilter<E> = {}): Promise<Subscription<E>> {
    return this.subscribeNow(type, filter);
  }

  /** The same, synchronously. */
  subscribeNow<E extends BusEvent>(type: EventType<E>, filter: EventFilter<E> = {}): Subscription<E> {
    const ctx = asyncNodeContext() ?? currentContext();
    let receiver: Receiver;
    const sub = new Subscription<E>(ctx, this.queueCapacity, {
      woke: () => this.timeline.markAsyncWork(),
      overflowed: (dropped) => {
        if (dropped === 1 || dropped % 1000 === 0) {
          this.report({
            kind: "overflow",
            node: ctx?.name,
            message: `${ctx?.name ?? "a subscriber"} is not keeping up with ${type.name}: dropped ${dropped} oldest event(s) (queue holds ${this.queueCapacity})`,
          });
        }
      },
      closed: () => this.remove(receiver),
    });
    receiver = this.add(type, filter, ctx?.name, (ev) => sub.deliver(ev as E));
    receiver.subscription = sub as unknown as Subscription<BusEvent>;
    return sub;
  }

  /**
   * Synchronous handler, called during publish. `node` names who reacts (for error reports and
   * loop detection). Returns the unsubscribe function.
   */
  on<E extends BusEvent>(
    type: EventType<E>,
    handler: (ev: E) => void,
    options: EventFilter<E> & { node?: string } = {},
  ): () => void {
    const node = options.node ?? currentContext()?.name;
    const receiver = this.add(type, options, node, (ev) => {
      try {
        actAs(node ?? "handler", ev, () => handler(ev as E));
      } catch (err) {
        this.report({ kind: "handler", node, message: `${node ?? "a handler"} failed on ${ev.kind}: ${describe(err)}`, error: err });
      }
    });
    return () => this.remove(receiver);
  }

  /** Publish (seed API: awaitable). Delivery itself is synchronous. */
  async publish(ev: BusEvent): Promise<void> {
    this.emit(ev);
  }

  /** Publish now, synchronously. */
  emit(event: BusEvent): void {
    // Re-publishing an event that already travelled: send a fresh copy, the original keeps its stamp.
    const ev = event.source === undefined ? event : event.with({});
    const ctx = currentContext();
    const cause = ctx?.cause;
    ev.source = ctx?.name ?? "user";
    // A reply is for the instant of its cause; a callback that runs later (a scheduled one, an
    // async node after a sleep) publishes for the instant it runs at.
    if (ev.tick === undefined) {
      const now = this.timeline.now;
      ev.tick = cause?.tick !== undefined && cause.tick >= now ? cause.tick : now;
    }
    // Reports are not reactions: an error about a loop must not itself be caught in it.
    const chained = cause !== undefined && cause.tick === ev.tick && !(ev instanceof ErrorEvent);
    ev.route = chained ? [...cause.route, ev.source] : [ev.source];
    if (chained && ev.via.length === 0) ev.via = cause.via;
    if (ev.route.length > this.hopLimit) {
      this.loopCaught(ev);
      return;
    }
    // Snapshot: handlers may subscribe or unsubscribe while we deliver.
    for (const r of this.receivers.slice()) {
      if (ev instanceof r.type && r.accepts(ev)) r.deliver(ev);
    }
  }

  /**
   * Tell the performer something was refused or failed: logged, and published as an ErrorEvent.
   * Problems that repeat (same `key`) are shown the 1st, 10th, 100th … time, with their count,
   * so a node misbehaving on every step cannot flood the terminal.
   */
  report(problem: Problem, key?: string): void {
    if (key !== undefined) {
      const n = (this.repeats.get(key) ?? 0) + 1;
      this.repeats.set(key, n);
      if (!isPowerOfTen(n)) return;
      if (n > 1) problem = { ...problem, message: `${problem.message} (${n} times so far)` };
    }
    this.logger(problem);
    if (this.reporting) return; // an ErrorEvent handler that fails must not recurse
    this.reporting = true;
    try {
      const opts = { message: problem.message, kind: problem.kind, ...(problem.node ? { node: problem.node } : {}) };
      this.emit(new ErrorEvent(opts));
    } finally {
      this.reporting = false;
    }
  }

  /**
   * Listen for nodes stopping (removed, failed, replaced by a reload): sinks release the notes
   * those nodes left sounding. Returns a function that stops listening.
   */
  onNodeStopped(fn: (name: string) => void): () => void {
    this.stopListeners.add(fn);
    return () => this.stopListeners.delete(fn);
  }

  /**
   * Node `by` takes over what `source` plays (a groove, an ornamenter republishing its notes):
   * while taken, sinks do not play `source`'s own notes, only what is made of them. Returns the
   * release (call it when `by` stops).
   */
  take(source: string, by: string): () => void {
    const takers = this.takers.get(source) ?? new Set<string>();
    takers.add(by);
    this.takers.set(source, takers);
    return () => {
      takers.delete(by);
      if (takers.size === 0 && this.takers.get(source) === takers) this.takers.delete(source);
    };
  }

  /** Is `source` taken over by a running node? */
  isTaken(source: string): boolean {
    return this.takers.has(source);
  }

  /** Announce that node `name` stopped. */
  nodeStopped(name: string): void {
    for (const fn of [...this.stopListeners]) fn(name);
  }

  /** Close every subscription and handler that node `ctx` made (it stopped). */
  closeSubscriptionsOf(ctx: NodeContext): void {
    for (const r of this.receivers.slice()) {
      if (r.subscription) {
        if (r.subscription.owner === ctx) r.subscription.shutdown();
      } else if (r.owner === ctx.name) {
        this.remove(r);
      }
    }
  }

  /** Number of live receivers (for leak tests). */
  get receiverCount(): number {
    return this.receivers.length;
  }

  private add(type: EventType<BusEvent>, filter: EventFilter<never>, owner: string | undefined, deliver: (ev: BusEvent) => void): Receiver {
    const receiver: Receiver = { type, accepts: compileFilter(filter as EventFilter), owner, deliver };
    this.receivers.push(receiver);
    return receiver;
  }

  private remove(receiver: Receiver): void {
    const i = this.receivers.indexOf(receiver);
    if (i >= 0) this.receivers.splice(i, 1);
  }

  private loopCaught(ev: BusEvent): void {
    this.loopsDropped++;
    const loop = loopMembers(ev.route);
    const key = `${ev.kind}:${loop.join(">")}`;
    if (this.reportedLoops.has(key)) return;
    this.reportedLoops.add(key);
    this.report({
      kind: "loop",
      node: ev.source,
      message:
        `feedback loop: ${loop.join(" → ")} → ${loop[0]} keeps answering its own ${ev.kind}s at tick ${ev.tick} ` +
        `(${this.hopLimit} reactions deep); the rest of the chain is dropped. ` +
        `Subscribe with { from: "<upstream node>" } to route a transform between two nodes.`,
    });
  }
}

/** The distinct nodes of the repeating tail of a reaction chain, in order. */
export function loopMembers(route: readonly string[]): string[] {
  const last = route[route.length - 1]!;
  const prev = route.lastIndexOf(last, route.length - 2);
  const cycle = prev >= 0 ? route.slice(prev + 1) : route.slice();
  return [...new Set(cycle)];
}

function compileFilter(f: EventFilter): (ev: BusEvent) => boolean {
  const from = f.from === undefined ? undefined : new Set(typeof f.from === "string" ? [f.from] : f.from);
  const stream = f.stream === undefined ? undefined : new Set(typeof f.stream === "string" ? [f.stream] : f.stream);
  const where = f.where;
  if (!from && !stream && !where) return () => true;
  return (ev) =>
    (!from || from.has(ev.source ?? "")) && (!stream || stream.has(ev.stream ?? "")) && (!where || where(ev));
}

function isPowerOfTen(n: number): boolean {
  while (n >= 10 && n % 10 === 0) n /= 10;
  return n === 1;
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function defaultLogger(problem: Problem): void {
  console.error(`magicbus: ${problem.message}`);
}

export { BusEvent };
