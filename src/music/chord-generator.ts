/**
 * ChordGenerator: walks a progression of scale-degree roots and, on each change, publishes a
 * ChordEvent (the chord's scale degrees and pitches) — for arpeggiators (`chords: "chords"`),
 * bass lines, or any follower — and, with `play`, sounds the chord as NoteEvents, lowest first.
 * It changes every `every` beats of the clock (aligned to beat 0), or on a named trigger.
 */
import type { EventBus } from "../core/bus.ts";
import { ChordEvent, NoteEvent, TickEvent, TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { boolParam, choiceParam, intListParam, intParam, knob, type Knob, numberParam, readKnobs, stringParam } from "../core/params.ts";
import { PPQ } from "../core/time.ts";
import type { ScaleRegistry } from "./scale.ts";

const KNOBS = {
  /** Roots as scale degrees (0 = I, 3 = IV, 4 = V, 5 = vi in a major scale). */
  progression: knob(intListParam(-64, 64), [0, 5, 3, 4]),
  /** Notes per chord, stacked in thirds: 3 = triad, 4 = seventh chord. */
  size: knob(intParam(1, 7), 3),
  scale: knob(stringParam(), "major", "scaleName"),
  root: knob(intParam(0, 127), 48, "rootMidi"),
  /** Change every this many beats (on the grid from beat 0)… */
  every: knob(numberParam(0.25, 64), 4, "everyBeats"),
  /** …or on this TriggerEvent instead. */
  trigger: knob<string | undefined>(stringParam(), undefined, "triggerName"),
  /** Also sound the chords. */
  play: knob(boolParam(), false),
  /** How long a sounded chord lasts, in beats (default: until the next one). */
  gate: knob<number | undefined>(numberParam(0.001, 64), undefined, "gateBeats"),
  velocity: knob(numberParam(0, 1), 0.6),
  channel: knob(intParam(0, 15), 0),
};

/** Options by the performer's names, or the seed's (`scaleName`, `rootMidi`, `everyBeats`, `triggerName`, `gateBeats`). */
export interface ChordGeneratorOptions extends NodeOptions {
  progression?: readonly number[];
  size?: number;
  scale?: string;
  scaleName?: string;
  root?: number;
  rootMidi?: number;
  every?: number;
  everyBeats?: number;
  trigger?: string;
  triggerName?: string;
  play?: boolean;
  gate?: number;
  gateBeats?: number;
  velocity?: number;
  channel?: number;
}

export class ChordGenerator extends Node {
  readonly kind = "chords";
  progression: number[];
  size: number;
  scaleName: string;
  rootMidi: number;
  everyBeats: number;
  triggerName: string | undefined;
  play: boolean;
  gateBeats: number;
  velocity: number;
  channel: number;
  /** Chords played so far (the place in the progression). */
  position = 0;

  constructor(
    bus: EventBus,
    readonly scales: ScaleRegistry,
    options: ChordGeneratorOptions = {},
  ) {
    super(bus, "chords", options);
    const k = readKnobs(this.name, KNOBS, options);
    this.progression = k.progression;
    this.size = k.size;
    this.scaleName = scales.get(k.scale).name;
    this.rootMidi = k.root;
    this.everyBeats = k.every;
    this.triggerName = k.trigger;
    this.play = k.play;
    this.gateBeats = k.gate ?? this.everyBeats;
    this.velocity = k.velocity;
    this.channel = k.channel;
    this.defineKnob("progression", KNOBS.progression, () => this.progression, (p) => (this.progression = p));
    this.defineKnob("size", KNOBS.size, () => this.size, (s) => (this.size = s));
    this.defineKnob("scale", { ...KNOBS.scale, spec: choiceParam(() => scales.allNames(), "scale") }, () => this.scaleName, (s) => (this.scaleName = s));
    this.defineKnob("root", KNOBS.root, () => this.rootMidi, (r) => (this.rootMidi = r));
    this.defineKnob("every", KNOBS.every, () => this.everyBeats, (b) => (this.everyBeats = b));
    this.defineKnob("play", KNOBS.play, () => this.play, (p) => (this.play = p));
    this.defineKnob("gate", KNOBS.gate as Knob<number>, () => this.gateBeats, (g) => (this.gateBeats = g));
    this.defineKnob("velocity", KNOBS.velocity, () => this.velocity, (v) => (this.velocity = v));
    this.defineKnob("channel", KNOBS.channel, () => this.channel, (c) => (this.channel = c));
  }

  /** The chord at a place in the progression: its scale degrees and pitches (lowest first). */
  chordAt(position: number): { degrees: number[]; pitches: number[] } {
    const p = this.progression;
    const root = p[((position % p.length) + p.length) % p.length]!;
    const degrees = Array.from({ length: this.size }, (_, i) => root + 2 * i);
    const scale = this.scales.get(this.scaleName);
    const pitches = degrees.map((d) => scale.pitch(this.rootMidi, d)).filter((n) => n >= 0 && n <= 127);
    return { degrees, pitches };
  }

  protected override onStart(): void {
    if (this.triggerName !== undefined) {
      this.listen(TriggerEvent, () => this.next(), { where: (ev) => ev.name === this.triggerName });
    } else {
      // On the grid of `everyBeats`, counted from tick 0, whichever clock ticks there.
      this.listen(TickEvent, () => this.next(), {
        where: (ev) => (ev.tick ?? 0) % Math.round(this.everyBeats * PPQ) === 0 && this.firstAt(ev.tick ?? 0),
      });
    }
  }

  private lastTick = -1;

  /** Several clocks may tick on the same grid line: change once per line. */
  private firstAt(tick: number): boolean {
    if (tick === this.lastTick) return false;
    this.lastTick = tick;
    return true;
  }

  private next(): void {
    const { degrees, pitches } = this.chordAt(this.position);
    this.position++;
    this.publish(new ChordEvent({ name: this.name, degrees, pitches }));
    if (!this.play) return;
    for (const pitch of pitches) {
      this.publish(new NoteEvent({ pitch, velocity: this.velocity, gateBeats: this.gateBeats, channel: this.channel }));
    }
  }
}
