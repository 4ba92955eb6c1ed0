/** The engine thread's main: run the engine the supervisor described (workerData). */
import { parentPort, workerData } from "node:worker_threads";
import { runEngine } from "./engine.ts";
import type { EngineInit, FromEngine } from "./protocol.ts";

const port = parentPort!;
const warn = (text: string) => port.postMessage({ type: "warn", text } satisfies FromEngine);
// User code can leave a promise rejected with nobody listening: report it, never let it end the engine.
process.on("unhandledRejection", (err) => warn(`a promise failed with nobody waiting for it: ${err instanceof Error ? err.message : String(err)}`));
process.on("uncaughtException", (err) => warn(`uncaught: ${err instanceof Error ? err.message : String(err)}`));

runEngine(port, workerData as EngineInit).catch((err: unknown) => {
  port.postMessage({ type: "lost", reason: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromEngine);
});
