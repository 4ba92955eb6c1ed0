/**
 * The supervisor's recording threads: the set's, for the whole set, and a take's (`.record
 * start`), each outliving any engine. An engine writes through a port into one; an engine that
 * takes over gets new ports into the same threads and rewrites them from its own copy of the set.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { PPQ } from "../../core/time.ts";
import { RECORDING_THREAD } from "../recording-link.ts";

export class RecordingThreads {
  private readonly set: Worker;
  private take: { path: string; fromTick: number; thread: Worker } | undefined;

  constructor(private readonly path: string) {
    this.set = thread(path, 0);
  }

  /** A port into the thread for `path`: the set's, or a new take's (ending the previous take). */
  open(path: string, fromTick: number): MessagePort {
    if (path === this.path) return attach(this.set);
    void this.take?.thread.terminate();
    this.take = { path, fromTick, thread: thread(path, fromTick) };
    return attach(this.take.thread);
  }

  /** New ports for an engine taking over: the set's, and the take's if one is running. */
  forTakeover(): { recording: MessagePort; take?: { path: string; fromTick: number; port: MessagePort } } {
    const take = this.take;
    return { recording: attach(this.set), ...(take ? { take: { path: take.path, fromTick: take.fromTick, port: attach(take.thread) } } : {}) };
  }

  async close(): Promise<void> {
    await Promise.all([this.set.terminate(), this.take?.thread.terminate()]);
  }
}

function thread(path: string, fromTick: number): Worker {
  const worker = new Worker(RECORDING_THREAD, { workerData: { path, ppq: PPQ, fromTick, name: "midi" } });
  worker.unref();
  return worker;
}

/** A new port into a recording thread, for an engine. */
function attach(thread: Worker): MessagePort {
  const { port1, port2 } = new MessageChannel();
  thread.postMessage({ kind: "attach", port: port1 }, [port1]);
  return port2;
}
