/**
 * What an engine is told when it starts: the set's options, and the output the supervisor holds
 * (or, for the first engine, which loads while the output opens, the one it will hold).
 */
import type { OpenOutput } from "../../output/open-output.ts";
import { DEFAULT_LATENCY_MS } from "../../output/output-thread.ts";
import type { EngineInit } from "./protocol.ts";
import type { SupervisorOptions } from "./supervisor.ts";

export function engineInit(o: SupervisorOptions, output: OpenOutput | undefined, waitForGo: boolean): Omit<EngineInit, "heartbeat" | "role"> {
  return {
    dir: o.dir,
    record: o.record,
    bpm: o.bpm,
    seed: o.seed,
    beatsPerBar: o.beatsPerBar ?? 4,
    quantize: o.quantize,
    color: o.color,
    status: o.status ?? false,
    ...(o.lookaheadMs !== undefined ? { lookaheadMs: o.lookaheadMs } : {}),
    ...(o.midiIn !== undefined ? { midiIn: o.midiIn } : {}),
    ...(o.clockIn ? { clockIn: true } : {}),
    ...(o.clockOut ? { clockOut: true } : {}),
    ...(o.link ? { link: o.link } : {}),
    ...(waitForGo ? { waitForGo: true } : {}),
    ...(output
      ? {
          output: {
            latencyMs: output.link.latencyMs,
            description: output.description,
            notes: output.link.wantsNotes === true,
            leadMs: output.link.leadMs ?? 0,
          },
        }
      : waitForGo && o.port !== false
        ? {
            output: {
              latencyMs: o.output?.link.latencyMs ?? o.port.latencyMs ?? DEFAULT_LATENCY_MS,
              description: "the live output",
              notes: (o.output?.link.wantsNotes ?? o.port.osc !== undefined) === true,
            },
          }
        : {}),
  };
}
