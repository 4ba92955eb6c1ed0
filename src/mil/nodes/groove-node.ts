/**
 * GrooveNode: one of MIL's micro-timing templates (the seed's nine and three from the reference)
 * applied to the NoteEvents of `from`. Each bar (counted from tick 0) is cut into the template's
 * slots; a note in slot i moves by offset[i] × amount beats. A note cannot be played before it
 * arrives, so the whole stream is delayed by the template's largest anticipation (`lagBeats`, at
 * most 0.04 beat): the onsets then differ by exactly the template's offsets. Pitch, velocity,
 * gate, channel and meta are kept; the templates have no accents.
 *
 * The groove takes over its source: while it runs, sinks play the source's notes only through it
 * (not twice). Its notes carry their lineage, so muting or removing the source silences them too.
 */
import type { EventBus } from "../../core/bus.ts";
import { NoteEvent } from "../../core/events.ts";
import { Node, type NodeOptions } from "../../core/node.ts";
import { choiceParam, intParam, knob, type Knob, numberParam, readKnobs } from "../../core/params.ts";
import { beatsToTicks, PPQ } from "../../core/time.ts";
import { GROOVE_NAMES, GROOVES, grooveOffset, type GrooveName } from "../grooves.ts";
import { checked } from "./shared.ts";

export interface GrooveNodeOptions extends NodeOptions {
  /** Node name(s) whose notes it re-times. */
  from: string | readonly string[];
  template: string;
  /** 0 = straight, 1 = the template's offsets (default 1). */
  amount?: number;
  /** Beats in a bar of the grid (default 4). */
  beatsPerBar?: number;
}

const templateParam = choiceParam<GrooveName>(() => GROOVE_NAMES, "groove template");

const KNOBS = {
  template: knob<GrooveName | undefined>(templateParam, undefined),
  /** 0 = straight, 1 = the template's offsets. */
  amount: knob(numberParam(0, 1), 1),
  /** Beats in a bar of the grid. */
  beatsPerBar: knob(intParam(1, 16), 4),
};

export class GrooveNode extends Node {
  readonly kind = "groove";
  readonly from: string | readonly string[];
  template: GrooveName;
  amount: number;
  beatsPerBar: number;

  constructor(bus: EventBus, options: GrooveNodeOptions) {
    super(bus, "groove", options);
    this.from = options.from;
    const k = readKnobs(this.name, KNOBS, options);
    this.template = k.template ?? checked(this.name, "template", () => templateParam.check(undefined));
    this.amount = k.amount;
    this.beatsPerBar = k.beatsPerBar;
    this.defineKnob("template", KNOBS.template as Knob<GrooveName>, () => this.template, (t) => (this.template = t));
    this.defineKnob("amount", KNOBS.amount, () => this.amount, (a) => (this.amount = a));
    this.defineKnob("beatsPerBar", KNOBS.beatsPerBar, () => this.beatsPerBar, (b) => (this.beatsPerBar = b));
  }

  /** The constant delay of the whole stream, in beats: the template's largest anticipation × amount. */
  get lagBeats(): number {
    return Math.max(0, -Math.min(...GROOVES[this.template])) * this.amount;
  }

  /** The template's shift, in ticks, of a note at `tick` (without the lag). */
  offsetTicks(tick: number): number {
    const bar = this.beatsPerBar * PPQ;
    const beatInBar = (((tick % bar) + bar) % bar) / PPQ;
    return beatsToTicks(grooveOffset(GROOVES[this.template], this.beatsPerBar, beatInBar) * this.amount);
  }

  protected override onStart(): void {
    // What `from` plays is heard through this node (sinks do not also play the original).
    this.takeOver(this.from);
    this.listen(NoteEvent, (ev) => this.shift(ev), { from: this.from });
  }

  private shift(ev: NoteEvent): void {
    const tick = ev.tick ?? this.bus.now;
    const at = tick + beatsToTicks(this.lagBeats) + this.offsetTicks(tick);
    const out = new NoteEvent({ tick: at, pitch: ev.pitch, velocity: ev.velocity, gateBeats: ev.gateBeats, channel: ev.channel, meta: ev.meta }).madeFrom(ev);
    if (ev.stream !== undefined) out.stream = ev.stream;
    this.at(at, () => this.publish(out));
  }
}

