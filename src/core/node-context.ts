/**
 * Who is acting right now, and in reaction to what. The bus uses this to stamp each published
 * event with its source node and the chain of reactions that led to it (to catch feedback loops),
 * and to give an unstamped reply the time of the event it answers.
 *
 * Two ways code runs on behalf of a node:
 * - synchronous handlers (the built-in nodes, scheduled callbacks): the bus pushes a frame on a stack
 *   around the call;
 * - async loops in the seed's style (`await sub.recv()` then `bus.publish(...)`): the node's start()
 *   runs inside an AsyncLocalStorage context that follows its awaits, and recv() records the event
 *   it handed out as that context's cause.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { BusEvent } from "./events.ts";

export interface NodeContext {
  readonly name: string;
  /** The event this node is reacting to (async nodes: the last one recv() returned). */
  cause?: BusEvent;
}

const asyncContext = new AsyncLocalStorage<NodeContext>();
const syncStack: NodeContext[] = [];

/** The context in force: the innermost synchronous frame, else the async node's context, else none (user code). */
export function currentContext(): NodeContext | undefined {
  return syncStack.length > 0 ? syncStack[syncStack.length - 1] : asyncContext.getStore();
}

/** Run an async node's start() so everything it awaits stays attributed to it. */
export function runAsNode<T>(ctx: NodeContext, fn: () => T): T {
  return asyncContext.run(ctx, fn);
}

/** The async node context only (subscriptions made by async loops belong to their node). */
export function asyncNodeContext(): NodeContext | undefined {
  return asyncContext.getStore();
}

/** Told which node starts or resumes acting synchronously (undefined: none); see watchActing. */
let actingWatcher: ((name: string | undefined) => void) | undefined;

/**
 * Follow which node's synchronous code runs: a supervisor watching for runaway code uses this to
 * blame the node that never returned. One watcher at a time (undefined: stop watching).
 */
export function watchActing(watcher: ((name: string | undefined) => void) | undefined): void {
  actingWatcher = watcher;
}

/** Call `fn` as node `name` reacting to `cause`, synchronously. */
export function actAs<T>(name: string, cause: BusEvent | undefined, fn: () => T): T {
  const frame: NodeContext = cause === undefined ? { name } : { name, cause };
  syncStack.push(frame);
  actingWatcher?.(name);
  try {
    return fn();
  } finally {
    syncStack.pop();
    actingWatcher?.(syncStack[syncStack.length - 1]?.name);
  }
}

/** Capture the current context to restore it later (a callback scheduled for a later tick). */
export function captureContext(): NodeContext | undefined {
  const ctx = currentContext();
  return ctx && { name: ctx.name, ...(ctx.cause ? { cause: ctx.cause } : {}) };
}
