/**
 * ChordGenerator: walks a progression of scale-degree roots and, on each change, publishes a
 * ChordEvent (the chord's scale degrees and pitches) — for arpeggiators (`chords: "chords"`),
 * bass lines, or any follower — and, with `play`, sounds the chord as NoteEvents, lowest first.
 * It changes every `everyBeats` beats of the clock (aligned to beat 0), or on a named trigger.
 */
import type { EventBus } from "../core/bus.ts";
import { ChordEvent, NoteEvent, TickEvent, TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { boolParam, choiceParam, intListParam, intParam, numberParam } from "../core/params.ts";
import { PPQ } from "../core/time.ts";
import type { ScaleRegistry } from "./scale.ts";

export interface ChordGeneratorOptions extends NodeOptions {
  /** Roots as scale degrees (0 = I, 3 = IV, 4 = V, 5 = vi in a major scale). */
  progression?: readonly number[];
  /** Notes per chord, stacked in thirds: 3 = triad, 4 = seventh chord. */
  size?: number;
  scaleName?: string;
  rootMidi?: number;
  everyBeats?: number;
  /** Change on this TriggerEvent instead of on the beat grid. */
  triggerName?: string;
  play?: boolean;
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
    this.progression = intListParam(-64, 64).check(options.progression ?? [0, 5, 3, 4]);
    this.size = intParam(1, 7).check(options.size ?? 3);
    this.scaleName = scales.get(options.scaleName ?? "major").name;
    this.rootMidi = intParam(0, 127).check(options.rootMidi ?? 48);
    this.everyBeats = numberParam(0.25, 64).check(options.everyBeats ?? 4);
    this.triggerName = options.triggerName;
    this.play = options.play ?? false;
    this.gateBeats = numberParam(0.001, 64).check(options.gateBeats ?? this.everyBeats);
    this.velocity = numberParam(0, 1).check(options.velocity ?? 0.6);
    this.channel = intParam(0, 15).check(options.channel ?? 0);
    this.defineParam("progression", intListParam(-64, 64), () => this.progression, (p) => (this.progression = p));
    this.defineParam("size", intParam(1, 7), () => this.size, (s) => (this.size = s));
    this.defineParam("scale", choiceParam(() => scales.allNames()), () => this.scaleName, (s) => (this.scaleName = s));
    this.defineParam("root", intParam(0, 127), () => this.rootMidi, (r) => (this.rootMidi = r));
    this.defineParam("everyBeats", numberParam(0.25, 64), () => this.everyBeats, (b) => (this.everyBeats = b));
    this.defineParam("play", boolParam(), () => this.play, (p) => (this.play = p));
    this.defineParam("gateBeats", numberParam(0.001, 64), () => this.gateBeats, (g) => (this.gateBeats = g));
    this.defineParam("velocity", numberParam(0, 1), () => this.velocity, (v) => (this.velocity = v));
    this.defineParam("channel", intParam(0, 15), () => this.channel, (c) => (this.channel = c));
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
