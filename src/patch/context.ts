/**
 * What a patch's default export receives: the live system and its shared pieces. The patch
 * contract, kept out of src/live so that prelude.ts and a patch see it without the daemon.
 */
import type { Clock } from "../core/clock.ts";
import type { EventBus } from "../core/bus.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import type { NodeLike, System } from "../core/system.ts";
import type { MidiOutSink } from "../midi/midi-out-sink.ts";
import type { ScaleRegistry } from "../music/scale.ts";
import type { ControllerMap } from "../midi/input/controller-map.ts";

export interface LiveContext {
  bus: EventBus;
  sched: EventScheduler;
  scales: ScaleRegistry;
  clock: Clock;
  system: System;
  midi: MidiOutSink;
  /** MIDI controller → param mappings (`map("cc:1", "arp.gate")`). */
  controllers?: ControllerMap;
  /** The patch file being loaded (absolute path). */
  file?: string;
}

/** A patch: receives the context, returns its nodes (or creates them with the prelude's helpers). */
export type PatchFunction = (ctx: LiveContext) => NodeLike[] | void | Promise<NodeLike[] | void>;
