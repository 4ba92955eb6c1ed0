/**
 * The rehearsal thread: each new version of a patch plays its first bar here, offline, before
 * it may go live. A top level or a first bar that never ends is stopped by the supervisor
 * (it ends this thread) without the music noticing.
 */
import { parentPort } from "node:worker_threads";
import type { CompiledScript } from "../compile.ts";
import { PatchError } from "../patch-error.ts";
import { PatchLoader } from "../patch-loader.ts";
import { rehearse } from "../rehearse.ts";
import { installBlame } from "./blame.ts";
import type { RehearsalFailure, RehearsalJob } from "./protocol.ts";

export type RehearsalMessage = { type: "ready" } | { type: "started"; id: number } | { type: "done"; id: number; error?: RehearsalFailure };

const port = parentPort!;
const loader = new PatchLoader();
let current: CompiledScript | undefined;
installBlame(() => (current ? [current] : []));

port.on("message", (m: { id: number; job: RehearsalJob }) => {
  void run(m.id, m.job);
});
port.postMessage({ type: "ready" } satisfies RehearsalMessage);

async function run(id: number, job: RehearsalJob): Promise<void> {
  const script: CompiledScript = { file: job.file, code: job.code, inputs: [job.file] };
  current = script;
  port.postMessage({ type: "started", id } satisfies RehearsalMessage);
  let error: RehearsalFailure | undefined;
  try {
    loader.usePreludeCode(job.prelude);
    await rehearse(script, loader, { atTick: job.atTick, bpm: job.bpm, seed: job.seed, beatsPerBar: job.beatsPerBar });
  } catch (err) {
    error =
      err instanceof PatchError
        ? { summary: err.summary, ...(err.location ? { location: err.location } : {}), phase: err.phase }
        : { summary: `failed its rehearsal: ${err instanceof Error ? err.message : String(err)}`, phase: "validate" };
  } finally {
    current = undefined;
  }
  port.postMessage({ type: "done", id, ...(error ? { error } : {}) } satisfies RehearsalMessage);
}
