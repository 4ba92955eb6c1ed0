/**
 * The supervisor's side of the rehearsal thread. A rehearsal that runs longer than its deadline
 * is runaway code in the new version (a top level or a first bar that never ends): the thread is
 * asked where it is stuck, then ended, and the version refused; the next rehearsal gets a new thread.
 */
import { Worker } from "node:worker_threads";
import { BLAME_EXPRESSION, type StuckAt } from "./blame.ts";
import type { WorkerInspector } from "./inspector.ts";
import type { RehearsalFailure, RehearsalJob } from "./protocol.ts";
import type { RehearsalMessage } from "./rehearsal-worker.ts";

/** How long a rehearsal (the top level and one bar, offline) may run. Honest ones take milliseconds. */
export const REHEARSAL_DEADLINE_MS = 2000;

export class Rehearsals {
  private worker: Worker | undefined;
  /** Resolves once the thread has loaded and can be looked into (jobs wait for it). */
  private prepared: Promise<void> = Promise.resolve();
  private nextId = 1;
  private readonly waiting = new Map<number, (r: RehearsalFailure | undefined) => void>();
  /** Rehearsals run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inspector: WorkerInspector | undefined,
    private readonly deadlineMs = REHEARSAL_DEADLINE_MS,
  ) {}

  /** Start the thread ahead of the first save (loading it takes a few hundred ms). */
  warm(): void {
    this.thread();
  }

  run(job: RehearsalJob): Promise<RehearsalFailure | undefined> {
    const result = this.queue.then(() => this.runNow(job));
    this.queue = result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./rehearsal-boot.mjs", import.meta.url));
    worker.unref();
    void this.inspector?.watch(worker.threadId);
    let prepared!: () => void;
    this.prepared = new Promise((resolve) => (prepared = resolve));
    worker.on("message", (m: RehearsalMessage) => {
      // A version that runs away must find the thread ready to say where: prepare it first.
      if (m.type === "ready") void (this.inspector?.prepare(worker.threadId) ?? Promise.resolve()).then(prepared, prepared);
      else if (m.type === "started") this.started(worker, m.id);
      else this.finish(m.id, m.error);
    });
    worker.on("error", (err) => {
      for (const id of [...this.waiting.keys()]) this.finish(id, { summary: `its rehearsal thread failed: ${err.message}`, phase: "validate" });
    });
    worker.on("exit", () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return (this.worker = worker);
  }

  private async runNow(job: RehearsalJob): Promise<RehearsalFailure | undefined> {
    const id = this.nextId++;
    const worker = this.thread();
    await this.prepared;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, job });
    });
  }

  private started(worker: Worker, id: number): void {
    const timer = setTimeout(() => void this.stuck(worker, id), this.deadlineMs);
    timer.unref();
    const done = this.waiting.get(id);
    if (done) this.waiting.set(id, (r) => (clearTimeout(timer), done(r)));
  }

  private async stuck(worker: Worker, id: number): Promise<void> {
    if (!this.waiting.has(id)) return;
    const at = (await this.inspector?.look(worker.threadId, BLAME_EXPRESSION, 500)) as StuckAt | undefined;
    this.inspector?.forget(worker.threadId);
    if (this.worker === worker) this.worker = undefined;
    await worker.terminate();
    const seconds = this.deadlineMs / 1000;
    const where = at?.where ? ` It was stuck at ${at.where}${at.line ? `: ${at.line.trim()}` : ""}.` : "";
    this.finish(id, {
      summary: `ran for more than ${seconds} s while loading (its top level, or its first bar played offline) and was stopped: a loop that never ends?${where}`,
      ...(at?.where ? { location: parseWhere(at.where, at.line) } : {}),
      phase: "load",
    });
  }

  private finish(id: number, error: RehearsalFailure | undefined): void {
    const done = this.waiting.get(id);
    this.waiting.delete(id);
    done?.(error);
  }
}

function parseWhere(where: string, line: string | undefined): RehearsalFailure["location"] {
  const m = /^(.*):(\d+):(\d+)$/.exec(where);
  if (!m) return undefined;
  return { file: m[1]!, line: Number(m[2]), column: Number(m[3]), ...(line !== undefined ? { lineText: line } : {}) };
}
