/**
 * How a Recording reaches the thread that writes its file. In a plain process the recording owns
 * its thread; in the supervised daemon the thread belongs to the supervisor (it must outlive an
 * engine that is replaced), and the engine talks to it over a MessagePort the supervisor hands out.
 */
import { Worker, type MessagePort } from "node:worker_threads";
import type { RecordingReply, RecordingStart, RecordingUpdate } from "./recording-protocol.ts";

export interface RecordingLink {
  post(update: RecordingUpdate): void;
  onReply(fn: (reply: RecordingReply) => void): void;
  onFailure(fn: (message: string) => void): void;
  /** The recording is over: its thread (if it owns one) ends. */
  close(): Promise<void>;
}

/** Where the recording thread's code is. */
export const RECORDING_THREAD = new URL("./recording-boot.mjs", import.meta.url);

/** A thread of the recording's own. */
export function ownThread(start: RecordingStart): RecordingLink {
  const worker = new Worker(RECORDING_THREAD, { workerData: start });
  worker.unref();
  return {
    post: (u) => worker.postMessage(u),
    onReply: (fn) => worker.on("message", fn),
    onFailure: (fn) => worker.on("error", (err) => fn(err.message)),
    close: async () => {
      await worker.terminate();
    },
  };
}

/**
 * A thread someone else owns, reached through a port that may arrive later (asked of the
 * supervisor): updates wait for it. The thread outlives this link.
 */
export function portLink(port: Promise<MessagePort>): RecordingLink {
  const waiting: RecordingUpdate[] = [];
  const replies: Array<(r: RecordingReply) => void> = [];
  const failures: Array<(m: string) => void> = [];
  let ready: MessagePort | undefined;
  port.then(
    (p) => {
      ready = p;
      p.on("message", (r: RecordingReply) => replies.forEach((fn) => fn(r)));
      for (const u of waiting.splice(0)) p.postMessage(u);
    },
    (err: unknown) => failures.forEach((fn) => fn(err instanceof Error ? err.message : String(err))),
  );
  return {
    post: (u) => (ready ? ready.postMessage(u) : waiting.push(u)),
    onReply: (fn) => replies.push(fn),
    onFailure: (fn) => failures.push(fn),
    close: async () => {
      ready?.close();
    },
  };
}
