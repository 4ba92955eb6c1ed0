/**
 * Quantizer: snaps the pitch of NoteEvents to the nearest tone of a scale (ties go down) and,
 * with `gridBeats`, moves each onset to the next line of that grid. Route it like any transform:
 * `from` picks the notes it takes; the sink listens to the quantizer.
 */
import type { EventBus } from "../core/bus.ts";
import { NoteEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { choiceParam, intParam, numberParam } from "../core/params.ts";
import type { EventScheduler } from "../core/scheduler.ts";
import { beatsToTicks } from "../core/time.ts";
import type { ScaleRegistry } from "./scale.ts";

export interface QuantizerOptions extends NodeOptions {
  from: string | readonly string[];
  scaleName?: string;
  rootMidi?: number;
  /** 0 = leave timing alone. */
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
    this.scaleName = scales.get(options.scaleName ?? "major").name;
    this.rootMidi = intParam(0, 127).check(options.rootMidi ?? 60);
    this.gridBeats = numberParam(0, 16).check(options.gridBeats ?? 0);
    this.defineParam("scale", choiceParam(() => scales.allNames()), () => this.scaleName, (s) => (this.scaleName = s));
    this.defineParam("root", intParam(0, 127), () => this.rootMidi, (r) => (this.rootMidi = r));
    this.defineParam("gridBeats", numberParam(0, 16), () => this.gridBeats, (g) => (this.gridBeats = g));
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
