/**
 * A seed-style subscription: a bounded queue of events for an async node that pulls them with
 * `await sub.recv()` or `for await (const ev of sub)`.
 *
 * Slow subscribers: the queue holds at most `capacity` events; when full, the oldest is dropped
 * (a live performance prefers the newest control data to a backlog) and the bus is told, so the
 * performer sees which node is not keeping up. Memory stays bounded whatever the node does.
 */
import type { BusEvent } from "./events.ts";
import type { NodeContext } from "./node-context.ts";

/** Thrown by recv() when the subscription is closed (the node or the system stopped). */
export class SubscriptionClosed extends Error {
  constructor() {
    super("subscription closed");
    this.name = "SubscriptionClosed";
  }
}

export interface SubscriptionHooks {
  /** An event was handed over or queued: the timeline must let the owner run. */
  woke(): void;
  /** Events were dropped because the queue was full. */
  overflowed(dropped: number): void;
  /** The subscription was closed by its owner. */
  closed(): void;
}

export class Subscription<E extends BusEvent> implements AsyncIterable<E> {
  private readonly queue: E[] = [];
  private waiter: { resolve: (e: E) => void; reject: (err: Error) => void } | undefined;
  private isClosed = false;
  dropped = 0;

  constructor(
    readonly owner: NodeContext | undefined,
    private readonly capacity: number,
    private readonly hooks: SubscriptionHooks,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Events waiting to be received. */
  get pending(): number {
    return this.queue.length;
  }

  /** Called by the bus. */
  deliver(ev: E): void {
    if (this.isClosed) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      if (this.owner) this.owner.cause = ev;
      this.hooks.woke();
      resolve(ev);
      return;
    }
    // Queued or handed over, the owner has work to do before time may move on.
    this.hooks.woke();
    if (this.queue.length >= this.capacity) {
      this.queue.shift();
      this.dropped++;
      this.hooks.overflowed(this.dropped);
    }
    this.queue.push(ev);
  }

  /** The next event (waits for one). Rejects with SubscriptionClosed once closed. */
  recv(): Promise<E> {
    if (this.queue.length > 0) {
      const ev = this.queue.shift()!;
      if (this.owner) this.owner.cause = ev;
      return Promise.resolve(ev);
    }
    if (this.isClosed) return Promise.reject(new SubscriptionClosed());
    if (this.waiter) return Promise.reject(new Error("recv() is already waiting on this subscription"));
    return new Promise<E>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stop receiving; a pending recv() rejects with SubscriptionClosed. */
  async close(): Promise<void> {
    this.shutdown();
  }

  /** Synchronous close, for the bus and the system. */
  shutdown(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queue.length = 0;
    const w = this.waiter;
    this.waiter = undefined;
    this.hooks.closed();
    if (w) {
      this.hooks.woke();
      w.reject(new SubscriptionClosed());
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<E> {
    for (;;) {
      try {
        yield await this.recv();
      } catch (err) {
        if (err instanceof SubscriptionClosed) return;
        throw err;
      }
    }
  }
}
