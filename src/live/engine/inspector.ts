/**
 * The supervisor's view into a stuck worker, through Node's inspector (in process: no port is
 * opened). A worker spinning in `while (true) {}` still takes the debugger's interrupt: paused,
 * it tells which function and line it was in, and an expression evaluated in its paused frame can
 * read what it was doing (the acting node, from its async context). Then it is resumed, so that
 * terminating it works.
 */
import { Session } from "node:inspector";

interface WorkerMessage {
  id?: number;
  method?: string;
  params?: { callFrames?: Array<{ callFrameId: string }> };
  result?: { result?: { value?: unknown } };
}

export class WorkerInspector {
  private readonly session = new Session();
  /** Inspector session ids of the workers we look into, by thread id. */
  private readonly sessions = new Map<number, string>();
  private readonly wanted = new Set<number>();
  private readonly debugging = new Map<string, Promise<unknown>>();
  private readonly attachWaiters = new Map<number, (sessionId: string) => void>();
  private readonly replies = new Map<number, (m: WorkerMessage) => void>();
  private readonly events = new Map<string, Array<(m: WorkerMessage) => void>>();
  private nextId = 1;
  private enabled: Promise<void> | undefined;

  constructor() {
    this.session.connect();
    this.session.on("NodeWorker.attachedToWorker", (m) => {
      const { sessionId, workerInfo } = m.params as { sessionId: string; workerInfo: { workerId: string } };
      const thread = Number(workerInfo.workerId);
      if (this.wanted.has(thread)) {
        this.sessions.set(thread, sessionId);
        this.attachWaiters.get(thread)?.(sessionId);
        this.attachWaiters.delete(thread);
      }
      // Other threads (the MIDI output's, recordings) are left alone: no session stays in them.
      else this.session.post("NodeWorker.detach", { sessionId });
    });
    this.session.on("NodeWorker.receivedMessageFromWorker", (m) => {
      const { sessionId, message } = m.params as { sessionId: string; message: string };
      const msg = JSON.parse(message) as WorkerMessage;
      if (msg.id !== undefined) {
        this.replies.get(msg.id)?.(msg);
        this.replies.delete(msg.id);
      } else if (msg.method) {
        for (const fn of this.events.get(`${sessionId}:${msg.method}`) ?? []) fn(msg);
      }
    });
  }

  /** Look into this worker (call right after creating it). */
  watch(threadId: number): Promise<void> {
    this.wanted.add(threadId);
    this.enabled ??= new Promise((resolve) => this.session.post("NodeWorker.enable", { waitForDebuggerOnStart: false }, () => resolve()));
    return this.enabled;
  }

  /**
   * Get ready to look into this worker at once: enabling the debugger in a worker that has loaded
   * hundreds of modules takes ~80 ms, too long to wait for while the music is stuck; enabled
   * before it has loaded them, it would slow its start.
   */
  async prepare(threadId: number): Promise<void> {
    await this.enabled;
    const sessionId = this.sessions.get(threadId) ?? (await new Promise<string | undefined>((resolve) => {
      this.attachWaiters.set(threadId, resolve);
      setTimeout(() => resolve(undefined), 5000).unref();
    }));
    if (sessionId) await this.debug(sessionId);
  }

  private debug(sessionId: string): Promise<unknown> {
    let enabled = this.debugging.get(sessionId);
    if (!enabled) this.debugging.set(sessionId, (enabled = this.send(sessionId, "Debugger.enable")));
    return enabled;
  }

  forget(threadId: number): void {
    this.wanted.delete(threadId);
    const sessionId = this.sessions.get(threadId);
    this.sessions.delete(threadId);
    if (sessionId) this.session.post("NodeWorker.detach", { sessionId }, () => {});
  }

  /**
   * Pause the worker, evaluate `expression` in its paused stack, resume it: what the expression
   * gave (JSON-able), or undefined when the worker could not be asked within `timeoutMs`.
   */
  async look(threadId: number, expression: string, timeoutMs = 200): Promise<unknown> {
    const sessionId = this.sessions.get(threadId);
    if (!sessionId) return undefined;
    const deadline = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref());
    const look = (async () => {
      await this.debug(sessionId);
      // A pause can land between two tasks (the stuck code not running at that instant): then
      // nothing answers, and it is tried again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const value = await this.pauseAndAsk(sessionId, expression);
        if (value !== undefined) return value;
        await new Promise((r) => setTimeout(r, 10));
      }
      return undefined;
    })();
    return Promise.race([look, deadline]);
  }

  close(): void {
    this.session.disconnect();
  }

  private async pauseAndAsk(sessionId: string, expression: string): Promise<unknown> {
    const paused = new Promise<WorkerMessage>((resolve) => this.once(sessionId, "Debugger.paused", resolve));
    await this.send(sessionId, "Debugger.pause");
    const callFrames = (await paused).params?.callFrames ?? [];
    let value: unknown;
    // The top frame may belong to a builtin; the expression is tried in each frame until one answers.
    for (const f of callFrames.slice(0, 8)) {
      const r = await this.send(sessionId, "Debugger.evaluateOnCallFrame", { callFrameId: f.callFrameId, expression, returnByValue: true });
      value = r.result?.result?.value;
      if (value !== undefined) break;
    }
    await this.send(sessionId, "Debugger.resume");
    return value;
  }

  private once(sessionId: string, method: string, fn: (m: WorkerMessage) => void): void {
    const key = `${sessionId}:${method}`;
    const list = this.events.get(key) ?? [];
    const wrapped = (m: WorkerMessage) => {
      this.events.set(key, (this.events.get(key) ?? []).filter((f) => f !== wrapped));
      fn(m);
    };
    list.push(wrapped);
    this.events.set(key, list);
  }

  private send(sessionId: string, method: string, params: object = {}): Promise<WorkerMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      this.session.post("NodeWorker.sendMessageToWorker", { sessionId, message: JSON.stringify({ id, method, params }) }, () => {});
    });
  }
}
