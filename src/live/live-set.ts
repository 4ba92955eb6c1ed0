/**
 * A live set: the session (clock, sink), the stage of patches and the cue sheet, and what each
 * cue does. The daemon drives it from files and the REPL; replay drives it from a journal.
 */
import { ParamChangeEvent } from "../core/events.ts";
import type { NodeLike } from "../core/system.ts";
import type { Ticks } from "../core/time.ts";
import { CueSheet, type Cue } from "./cues.ts";
import { playedValue } from "./param-values.ts";
import { nextBoundary, type Quantum } from "./swap-boundary.ts";
import type { createSession } from "./session.ts";
import { describeSwap, Stage, type SwapReport } from "./stage.ts";

export type LiveSession = ReturnType<typeof createSession>;
type PatchCue = Extract<Cue, { kind: "patch" }>;

export interface LiveSetEvents {
  swapped?(report: SwapReport, tick: number): void;
  unloaded?(file: string, nodes: string[], tick: number): void;
  /** A runaway node was taken out by a takeover. */
  takenOut?(node: string, reason: string, tick: number): void;
  ended?(tick: number): void;
}

export class LiveSet {
  readonly stage: Stage;
  readonly cues: CueSheet;
  /** The nodes each patch cue brings (made when the version was loaded, kept until its swap). */
  private readonly versions = new WeakMap<Cue, Map<string, NodeLike>>();

  constructor(
    readonly session: LiveSession,
    journal?: (cue: Cue, tick: number) => void,
    private readonly events: LiveSetEvents = {},
  ) {
    this.stage = new Stage(session.system);
    this.cues = new CueSheet(session.system, (cue, tick) => this.act(cue, tick), journal);
  }

  /** The first `q` boundary whose music has not been played yet. */
  nextBoundary(q: Quantum): number {
    const clock = this.session.clock;
    return nextBoundary(this.cues.nextFreeTick, q, {
      beatsPerBar: this.session.beatsPerBar,
      loopTicks: clock.ticksPerStep * (clock.getParam("loopSteps") as number),
    });
  }

  /** Attach the nodes a patch cue brings in. */
  prepare(cue: PatchCue, nodes: Map<string, NodeLike>): void {
    this.versions.set(cue, nodes);
  }

  private act(cue: Cue, tick: number): void {
    const { midi, bus, system } = this.session;
    switch (cue.kind) {
      case "param":
        bus.emit(new ParamChangeEvent({ target: cue.target, param: cue.param, value: playedValue(cue.value) }));
        return;
      case "tempo":
        system.timeline.tempo.setTempo(tick as Ticks, cue.bpm);
        return;
      case "mute":
        midi.mute(cue.node);
        return;
      case "unmute":
        midi.unmute(cue.node);
        return;
      case "solo":
        midi.solo(cue.nodes);
        return;
      case "panic":
        midi.panic();
        return;
      case "transport":
        midi.setPlaying(cue.playing);
        return;
      case "patch": {
        const nodes = this.versions.get(cue);
        if (!nodes) throw new Error(`patch cue for ${cue.file} has no prepared nodes`);
        this.versions.delete(cue);
        const report = this.stage.swap(cue.file, nodes);
        this.events.swapped?.(report, tick);
        return;
      }
      case "unload":
        const removed = this.stage.unload(cue.file);
        this.events.unloaded?.(cue.file, removed, tick);
        return;
      case "takeover":
        if (cue.node !== undefined && system.node(cue.node)) {
          system.remove(cue.node);
          this.events.takenOut?.(cue.node, cue.reason, tick);
        }
        if (cue.silenceFrom !== undefined && cue.silenceUntil !== undefined) midi.silence(cue.silenceFrom, cue.silenceUntil);
        return;
      case "end":
        system.stop();
        this.events.ended?.(tick);
        return;
      case "prelude":
      case "repl":
        return; // they shape later loads / are for the record
    }
  }
}

export { describeSwap };
