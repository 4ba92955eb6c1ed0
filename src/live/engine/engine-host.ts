/**
 * The supervisor's handle on one engine thread: start it, ask it things (a REPL line, a command,
 * a completion), hear what it says, read its heartbeat, and end it. When an engine is given up
 * (it ran away), whatever was still asked of it is answered with why.
 */
import { Worker, type TransferListItem } from "node:worker_threads";
import { HeartbeatReader, heartbeatBuffer } from "./heartbeat.ts";
import type { EngineEvent, EngineInit, EngineReply, EvalReply, ToEngine } from "./protocol.ts";

export type ReadyEvent = Extract<EngineEvent, { type: "ready" }>;

type Pending = { resolve: (r: EngineReply) => void; reject: (e: Error) => void; lines?: (text: string, error: boolean) => void };

/** Memory an engine may use before it counts as runaway (an endless array, say). */
const ENGINE_HEAP_MB = 2048;

export class EngineHost {
  readonly worker: Worker;
  readonly heartbeat: HeartbeatReader;
  /** Node names by the ids the heartbeat uses. */
  readonly nodeNames = new Map<number, string>();
  readonly ready: Promise<ReadyEvent>;
  /** Given up: nothing it says is heard any more. */
  dead = false;
  /** Its line straight to the output thread (OutputThread.openSender), once given. */
  sender: number | undefined;
  readonly started = Date.now();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    role: EngineInit["role"],
    init: Omit<EngineInit, "heartbeat" | "role">,
    private readonly events: (e: EngineEvent, from: EngineHost) => void,
    private readonly exited: (from: EngineHost, why: string) => void,
  ) {
    const heartbeat = heartbeatBuffer();
    this.heartbeat = new HeartbeatReader(heartbeat);
    this.worker = new Worker(new URL("./engine-boot.mjs", import.meta.url), {
      workerData: { ...init, role, heartbeat } satisfies EngineInit,
      resourceLimits: { maxOldGenerationSizeMb: ENGINE_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    let ready!: (e: ReadyEvent) => void;
    this.ready = new Promise((r) => (ready = r));
    this.worker.on("message", (m: EngineReply | EngineEvent) => {
      if (this.dead) return;
      if (m.type === "ready") ready(m);
      if (m.type === "node-id") this.nodeNames.set(m.id, m.name);
      if (m.type === "command-output") return this.pending.get(m.id)?.lines?.(m.text, m.error);
      if ("id" in m && isReply(m)) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m);
        return;
      }
      this.events(m as EngineEvent, this);
    });
    this.worker.on("error", (err) => {
      if (!this.dead) this.exited(this, err.message);
    });
    this.worker.on("exit", (code) => {
      if (!this.dead) this.exited(this, `its thread exited (code ${code})`);
    });
  }

  get threadId(): number {
    return this.worker.threadId;
  }

  send(m: ToEngine, transfer?: TransferListItem[]): void {
    if (!this.dead) this.worker.postMessage(m, transfer);
  }

  /** Ask and wait for the answer. */
  request<R extends EngineReply>(make: (id: number) => ToEngine, transfer?: TransferListItem[], lines?: Pending["lines"]): Promise<R> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(new Error("the engine was replaced"));
      this.pending.set(id, { resolve: resolve as (r: EngineReply) => void, reject, ...(lines ? { lines } : {}) });
      this.worker.postMessage(make(id), transfer);
    });
  }

  evaluate(entry: string, color: boolean): Promise<EvalReply> {
    return this.request<Extract<EngineReply, { type: "eval" }>>((id) => ({ type: "eval", id, entry, color })).then((r) => r.reply);
  }

  /** Give the engine up: what was asked of it fails with `why`; it is heard no more. */
  reject(why: string): void {
    this.dead = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error(why));
    }
  }

  /** Give the engine up and end its thread. */
  async end(why: string): Promise<void> {
    this.reject(why);
    await this.worker.terminate();
  }
}

function isReply(m: EngineReply | EngineEvent): m is EngineReply {
  return m.type === "eval" || m.type === "command-done" || m.type === "complete" || m.type === "quit" || m.type === "takeover";
}
