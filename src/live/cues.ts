/**
 * Cues: what the performer does to the running set — a patch version swapped in, a parameter or
 * tempo change, mute/solo, panic. Each acts at a tick, before the music of that tick, and is
 * journaled as it acts; replay schedules the same cues at the same ticks.
 */
import { CONTROL_PRIORITY, type Cancel } from "../core/timeline.ts";
import type { System } from "../core/system.ts";
import { describe } from "../core/bus.ts";
import { basename } from "node:path";
import { showValue } from "./param-values.ts";

export type Cue =
  /** `value` is JSON: a pattern is kept as its code (param-values.ts). */
  | { kind: "param"; target: string; param: string; value: unknown }
  /**
   * The tempo from this tick on: the one door through which the REPL, a MIDI clock in and network
   * sync change the tempo map (the clock follows the map; nothing else holds a tempo).
   */
  | { kind: "tempo"; bpm: number }
  | { kind: "mute"; node: string }
  | { kind: "unmute"; node?: string }
  | { kind: "solo"; nodes: string[] }
  | { kind: "panic" }
  | { kind: "patch"; file: string; code: string; source: string }
  | { kind: "unload"; file: string }
  | { kind: "prelude"; code: string }
  /**
   * The Link session started or stopped (start/stop sync): stopped, the set goes on silently (its
   * sounding notes end, new ones are not played or recorded) until it starts again.
   */
  | { kind: "transport"; playing: boolean }
  /** The set ends here: everything stops, sounding notes end. */
  | { kind: "end" }
  /** A line typed in the REPL: journaled for the record; its effects are journaled as the cues above. */
  | { kind: "repl"; line: string }
  /**
   * A runaway engine was replaced here: the node that never returned (if a node) leaves, and the
   * notes that start in [silenceFrom, silenceUntil) are not played (their time passed during the
   * takeover). Journaled so a replay renders exactly what was heard.
   */
  | { kind: "takeover"; node?: string; reason: string; silenceFrom?: number; silenceUntil?: number };

export class CueSheet {
  constructor(
    private readonly system: System,
    private readonly act: (cue: Cue, tick: number) => void,
    private readonly journal?: (cue: Cue, tick: number) => void,
  ) {}

  /**
   * The first tick whose music has not been played: now when time stands between windows,
   * the next tick while an instant is being played (its own timers are already taken).
   */
  get nextFreeTick(): number {
    const tl = this.system.timeline;
    return tl.isRunning ? tl.now + 1 : tl.now;
  }

  /** Act at `tick` (before that tick's music); returns a cancel for a cue not yet acted. */
  at(tick: number, cue: Cue, then?: () => void): Cancel {
    return this.system.timeline.at(
      Math.max(tick, this.nextFreeTick),
      () => {
        const t = this.system.timeline.now;
        this.journal?.(cue, t);
        // A cue that fails is reported; it must never stop the clock (it runs inside the timeline).
        try {
          this.act(cue, t);
        } catch (err) {
          this.system.bus.report({ kind: "cue", message: `${describeCue(cue)} failed: ${describe(err)}`, error: err });
        }
        then?.();
      },
      CONTROL_PRIORITY,
    );
  }

  /** Act as soon as time allows. */
  soon(cue: Cue, then?: () => void): Cancel {
    return this.at(this.nextFreeTick, cue, then);
  }

  /** Journal only (a REPL line). */
  note(cue: Cue): void {
    this.journal?.(cue, this.nextFreeTick);
  }
}

/** A cue in the performer's words, for messages. */
export function describeCue(cue: Cue): string {
  switch (cue.kind) {
    case "param":
      return `${cue.target}.${cue.param} = ${showValue(cue.value)}`;
    case "tempo":
      return `bpm(${cue.bpm})`;
    case "patch":
    case "unload":
      return `${cue.kind === "patch" ? "the swap of" : "the removal of"} ${basename(cue.file)}`;
    case "mute":
    case "unmute":
      return `.${cue.kind}${"node" in cue && cue.node ? ` ${cue.node}` : ""}`;
    case "solo":
      return `.solo ${cue.nodes.join(" ")}`;
    default:
      return cue.kind;
  }
}
