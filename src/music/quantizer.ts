/**
 * Quantizer: snaps the pitch of NoteEvents to the nearest tone of a scale (ties go down) and,
 * with `grid` (in beats), moves each onset to the next line of that grid. Route it like any transform:
 * `from` picks the notes it takes; the sink listens to the quantizer.
 */
import type { EventBus } from "../core/bus.ts";
import { NoteEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { choiceParam, intParam, knob, numberParam, readKnobs, stringParam } from "../core/params.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import { beatsToTicks } from "../core/time.ts";
import type { ScaleRegistry } from "./scale.ts";

const KNOBS = {
  scale: knob(stringParam(), "major", "scaleName"),
  root: knob(intParam(0, 127), 60, "rootMidi"),
  /** The beat grid onsets move to (0 = leave timing alone). */
  grid: knob(numberParam(0, 16), 0, "gridBeats"),
};

/** Options by the performer's names, or the seed's (`scaleName`, `rootMidi`, `gridBeats`). */
export interface QuantizerOptions extends NodeOptions {
  from: string | readonly string[];
  scale?: string;
  scaleName?: string;
  root?: number;
  rootMidi?: number;
  grid?: number;
  gridBeats?: number;
}

export class Quantizer extends Node {
  readonly kind = "quantizer";
  readonly from: string | readonly string[];
  scaleName: string;
  rootMidi: number;
  gridBeats: number;

  constructor(
    bus: EventBus,
    readonly scales: ScaleRegistry,
    readonly sched: EventScheduler,
    options: QuantizerOptions,
  ) {
    super(bus, "quantizer", options);
    this.from = options.from;
    const k = readKnobs(this.name, KNOBS, options);
    this.scaleName = scales.get(k.scale).name;
    this.rootMidi = k.root;
    this.gridBeats = k.grid;
    this.defineKnob("scale", { ...KNOBS.scale, spec: choiceParam(() => scales.allNames(), "scale") }, () => this.scaleName, (s) => (this.scaleName = s));
    this.defineKnob("root", KNOBS.root, () => this.rootMidi, (r) => (this.rootMidi = r));
    this.defineKnob("grid", KNOBS.grid, () => this.gridBeats, (g) => (this.gridBeats = g));
  }

  /** The nearest pitch of the scale (ties go down). */
  snapPitch(pitch: number): number {
    const scale = this.scales.get(this.scaleName);
    return scale.pitch(this.rootMidi, scale.nearestDegree(this.rootMidi, pitch));
  }

  /** The first grid line at or after `tick`. */
  snapTick(tick: number): number {
    const grid = beatsToTicks(this.gridBeats);
    return grid > 0 ? Math.ceil(tick / grid) * grid : tick;
  }

  protected override onStart(): void {
    this.takeOver(this.from);
    this.listen(NoteEvent, (ev) => {
      const out = new NoteEvent({
        pitch: Math.min(127, Math.max(0, this.snapPitch(ev.pitch))),
        velocity: ev.velocity,
        gateBeats: ev.gateBeats,
        channel: ev.channel,
        meta: ev.meta,
      }).madeFrom(ev);
      const tick = ev.tick ?? this.bus.now;
      const at = this.snapTick(tick);
      if (at === tick) this.publish(Object.assign(out, { tick }));
      else this.sched.publishAt(at, out);
    }, { from: this.from });
  }
}
