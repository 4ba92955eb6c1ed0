/**
 * The standard live set-up every patch plays in: a System with a scheduler, the main clock, the
 * default scales and a MIDI sink (+ aux router), with names patches can rely on.
 */
import { Clock } from "../core/clock.ts";
import type { Logger } from "../core/bus.ts";
import { EventScheduler } from "../core/scheduler.ts";
import { System } from "../core/system.ts";
import { MidiAuxRouter } from "../midi/midi-aux-router.ts";
import { MidiOutSink } from "../midi/midi-out-sink.ts";
import { defaultScales } from "../music/scale-library.ts";
import { ParamChangeEvent } from "../core/events.ts";
import { ControllerMap } from "../midi/input/controller-map.ts";
import type { LiveContext } from "../patch/context.ts";

export interface SessionOptions {
  clock?: "virtual" | "realtime";
  bpm?: number;
  seed?: string | number;
  outPath?: string;
  stepsPerBeat?: number;
  /** Steps in the clock's loop (default: one bar). */
  loopSteps?: number;
  beatsPerBar?: number;
  logger?: Logger;
  /** Realtime only: how far ahead of the wall clock the music is computed (ms). */
  lookaheadMs?: number;
}

export interface Session extends LiveContext {
  aux: MidiAuxRouter;
  beatsPerBar: number;
  controllers: ControllerMap;
  /** Where controller changes go (the daemon journals them as cues). */
  control: { cue: (target: string, param: string, value: unknown) => void };
}

export function createSession(o: SessionOptions = {}): Session {
  const bpm = o.bpm ?? 120;
  const beatsPerBar = o.beatsPerBar ?? 4;
  const stepsPerBeat = o.stepsPerBeat ?? 4;
  const system = new System({
    clock: o.clock ?? "virtual",
    bpm,
    seed: o.seed ?? 0,
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.lookaheadMs !== undefined ? { lookaheadMs: o.lookaheadMs } : {}),
  });
  const bus = system.bus;
  const sched = system.add(new EventScheduler(bus));
  const clock = system.add(new Clock(bus, { bpm, stepsPerBeat, loopSteps: o.loopSteps ?? stepsPerBeat * beatsPerBar }));
  const midi = system.add(
    new MidiOutSink(bus, { ...(o.outPath ? { outPath: o.outPath } : {}), timeSignature: [beatsPerBar, 4] }),
  );
  const aux = system.add(new MidiAuxRouter(bus, midi));
  // Controllers (MIDI input mappings) change params like a performer. Offline (render, rehearsal)
  // no controller moves; the daemon re-points `control.cue` at its journaled cues.
  const control = { cue: (target: string, param: string, value: unknown) => bus.emit(new ParamChangeEvent({ target, param, value })) };
  const controllers = new ControllerMap({
    cue: (target, param, value) => control.cue(target, param, value),
    validate: (target, param, value) => system.checkParam(target, param, value),
    onError: (err) => bus.report({ kind: "midi-in", message: `controller: ${err instanceof Error ? err.message : String(err)}` }),
  });
  return { system, bus, sched, clock, scales: defaultScales(), midi, aux, beatsPerBar, controllers, control };
}
