/**
 * Watches the patch folder, prelude.ts and every local file a patch imports. Editors often
 * write a file twice in a row (or replace it): changes to one path within `debounceMs` are
 * taken as one save.
 */
import { watch, type FSWatcher } from "chokidar";
import { resolve } from "node:path";

export type WatchEvent = { kind: "changed" | "added" | "removed"; path: string; at: number };

export class Watcher {
  private readonly fs: FSWatcher;
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; event: WatchEvent }>();
  private readonly watched = new Set<string>();
  readonly ready: Promise<void>;

  constructor(
    paths: readonly string[],
    private readonly onChange: (e: WatchEvent) => void,
    private readonly debounceMs = 15,
  ) {
    for (const p of paths) this.watched.add(resolve(p));
    this.fs = watch([...this.watched], { ignoreInitial: true, awaitWriteFinish: false });
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
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    await this.fs.close();
  }

  private queue(kind: WatchEvent["kind"], path: string): void {
    const abs = resolve(path);
    const prior = this.waiting.get(abs);
    if (prior) clearTimeout(prior.timer);
    // The first moment of the burst is when the performer saved.
    const at = prior?.event.at ?? performance.now();
    // An editor's replace (removed, then added) is a change.
    const merged: WatchEvent["kind"] = prior && prior.event.kind === "removed" && kind === "added" ? "changed" : kind;
    const event: WatchEvent = { kind: merged, path: abs, at };
    const timer = setTimeout(() => {
      this.waiting.delete(abs);
      this.onChange(event);
    }, this.debounceMs);
    this.waiting.set(abs, { timer, event });
  }
}
