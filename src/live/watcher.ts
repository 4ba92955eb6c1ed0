/**
 * Watches the patch folder, prelude.ts and every local file a patch imports. Editors often
 * write a file twice in a row (or replace it): changes to one path within `debounceMs` are
 * taken as one save.
 *
 * The file events come from chokidar; the source, the clock and the timers can be handed in, so
 * the debouncing is tested on a manual clock with events the test makes.
 */
import { watch } from "chokidar";
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import type { Timers } from "../core/realtime-driver.ts";

export type WatchEvent = { kind: "changed" | "added" | "removed"; path: string; at: number };

/** What the watcher needs of a file-event source (chokidar's FSWatcher has it). */
export interface FileEvents {
  on(event: "add" | "change" | "unlink", fn: (path: string) => void): unknown;
  once(event: "ready", fn: () => void): unknown;
  add(paths: string[]): unknown;
  close(): Promise<void>;
}

export interface WatcherOptions {
  /** Events on one path closer together than this are one save (ms). */
  debounceMs?: number;
  /** Start watching `paths` (chokidar by default). */
  watch?: (paths: string[]) => FileEvents;
  /** The clock a save's moment is read from (ms; performance.now by default). */
  now?: () => number;
  /** The timers that end a burst (Node's by default). */
  timers?: Timers;
}

const NODE_TIMERS: Timers = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const chokidarEvents = (paths: string[]): FileEvents => watch(paths, { ignoreInitial: true, awaitWriteFinish: false });

export class Watcher {
  private readonly fs: FileEvents;
  private readonly waiting = new Map<string, { timer: unknown; event: WatchEvent }>();
  private readonly watched = new Set<string>();
  private readonly debounceMs: number;
  private readonly now: () => number;
  private readonly timers: Timers;
  readonly ready: Promise<void>;

  constructor(
    paths: readonly string[],
    private readonly onChange: (e: WatchEvent) => void,
    options: WatcherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 15;
    this.now = options.now ?? (() => performance.now());
    this.timers = options.timers ?? NODE_TIMERS;
    for (const p of paths) this.watched.add(resolve(p));
    this.fs = (options.watch ?? chokidarEvents)([...this.watched]);
    this.fs.on("change", (p) => this.queue("changed", p));
    this.fs.on("add", (p) => this.queue("added", p));
    this.fs.on("unlink", (p) => this.queue("removed", p));
    this.ready = new Promise((ok) => this.fs.once("ready", () => ok()));
  }

  /** Follow more files (a patch started importing them). */
  follow(paths: readonly string[]): void {
    const fresh = paths.map((p) => resolve(p)).filter((p) => !this.watched.has(p));
    for (const p of fresh) this.watched.add(p);
    if (fresh.length > 0) this.fs.add(fresh);
  }

  async close(): Promise<void> {
    for (const { timer } of this.waiting.values()) this.timers.clear(timer);
    this.waiting.clear();
    await this.fs.close();
  }

  private queue(kind: WatchEvent["kind"], path: string): void {
    const abs = resolve(path);
    const prior = this.waiting.get(abs);
    if (prior) this.timers.clear(prior.timer);
    // The first moment of the burst is when the performer saved.
    const at = prior?.event.at ?? this.now();
    // An editor's replace (removed, then added) is a change.
    const merged: WatchEvent["kind"] = prior && prior.event.kind === "removed" && kind === "added" ? "changed" : kind;
    const event: WatchEvent = { kind: merged, path: abs, at };
    const timer = this.timers.set(() => {
      this.waiting.delete(abs);
      this.onChange(event);
    }, this.debounceMs);
    this.waiting.set(abs, { timer, event });
  }
}
