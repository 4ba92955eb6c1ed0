/**
 * Arpeggiator: each trigger plays the next note of a pattern over scale degrees spread across
 * octaves. Its position in the pattern is state: changing the scale, degrees or pattern live
 * keeps the place, so the line continues instead of restarting.
 */
import type { EventBus } from "../core/bus.ts";
import { ChordEvent, NoteEvent, TriggerEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { unknownName } from "../core/did-you-mean.ts";
import { choiceParam, intListParam, intParam, knob, numberParam, ParamError, readKnobs, stringParam, type ParamSpec } from "../core/params.ts";
import { ARP_PATTERNS, normalizePattern, patternCycle, type ArpPattern } from "./arp-patterns.ts";
import type { ScaleRegistry } from "./scale.ts";

/** The arpeggio's own knobs (the seed's ArpConfig): declared once, by the performer's names. */
const CONFIG_KNOBS = {
  /** Scale degrees (0-based; 7 in a 7-note scale is the octave). */
  degrees: knob(intListParam(-64, 64, 1, 32), [0, 2, 4]),
  pattern: knob(patternSpec(), "up" as ArpPattern),
  octaves: knob(intParam(1, 8), 1),
  /** How long each note sounds, in beats. */
  gate: knob(numberParam(0.001, 64), 0.25, "gateBeats"),
  /** 0..1 */
  velocity: knob(numberParam(0, 1), 0.8),
  /** Chance that a trigger plays a note. */
  probability: knob(numberParam(0, 1), 1),
};

/** The node's other knobs. */
const KNOBS = {
  /** Name of the TriggerEvents that advance the arpeggio. */
  trigger: knob(stringParam(), "hit", "triggerName"),
  scale: knob(stringParam(), "major", "scaleName"),
  root: knob(intParam(0, 127), 60, "rootMidi"),
  channel: knob(intParam(0, 15), 0),
  ...CONFIG_KNOBS,
};

/** The seed's ArpConfig options (its names), and the performer's short ones. */
export interface ArpConfigOptions {
  degrees?: readonly number[];
  pattern?: string;
  octaves?: number;
  gate?: number;
  gateBeats?: number;
  velocity?: number;
  probability?: number;
}

export class ArpConfig {
  degrees: number[];
  pattern: ArpPattern;
  octaves: number;
  gateBeats: number;
  velocity: number;
  probability: number;

  constructor(o: ArpConfigOptions = {}) {
    const k = readKnobs("ArpConfig", CONFIG_KNOBS, o);
    this.degrees = k.degrees;
    this.pattern = k.pattern;
    this.octaves = k.octaves;
    this.gateBeats = k.gate;
    this.velocity = k.velocity;
    this.probability = k.probability;
  }
}

function patternSpec(): ParamSpec<ArpPattern> {
  return {
    describe: `one of ${ARP_PATTERNS.join(", ")}`,
    choices: () => ARP_PATTERNS,
    check: (v) => {
      const p = typeof v === "string" ? normalizePattern(v) : undefined;
      if (!p) throw new ParamError(unknownName("pattern", v, ARP_PATTERNS));
      return p;
    },
  };
}

/**
 * Options by the performer's names (`trigger`, `scale`, `root`, `gate`…) or the seed's
 * (`triggerName`, `scaleName`, `rootMidi`, and an ArpConfig as `config`).
 */
export interface ArpeggiatorOptions extends NodeOptions, ArpConfigOptions {
  trigger?: string;
  triggerName?: string;
  scale?: string;
  scaleName?: string;
  root?: number;
  rootMidi?: number;
  config?: ArpConfig;
  channel?: number;
  /** Follow the ChordEvents of this name: their degrees replace `degrees`. */
  chords?: string;
}

export class Arpeggiator extends Node {
  readonly kind = "arp";
  readonly config: ArpConfig;
  triggerName: string;
  scaleName: string;
  rootMidi: number;
  channel: number;
  chords: string | undefined;
  /** Steps played so far: the place in the pattern. */
  position = 0;
  private cycle: number[] = [];
  private notes: number[] = [];
  /** Pitch classes of a followed chord that leaves the scale; they replace the degrees until a new chord or `degrees`. */
  private chordTones: number[] | undefined;

  constructor(
    bus: EventBus,
    readonly scales: ScaleRegistry,
    options: ArpeggiatorOptions = {},
  ) {
    super(bus, "arp", options);
    const k = readKnobs(this.name, KNOBS, options);
    // A seed-style ArpConfig brings the arpeggio's knobs itself.
    this.config = options.config ?? new ArpConfig(k);
    this.triggerName = k.trigger;
    this.scaleName = scales.get(k.scale).name; // an unknown scale fails here, naming the nearest
    this.rootMidi = k.root;
    this.channel = k.channel;
    this.chords = options.chords;
    const cfg = this.config;
    const scale = { ...KNOBS.scale, spec: choiceParam(() => scales.allNames(), "scale") };
    this.defineKnob("trigger", KNOBS.trigger, () => this.triggerName, (t) => (this.triggerName = t));
    this.defineKnob("scale", scale, () => this.scaleName, (s) => this.change(() => (this.scaleName = s)));
    this.defineKnob("root", KNOBS.root, () => this.rootMidi, (r) => this.change(() => (this.rootMidi = r)));
    this.defineKnob("channel", KNOBS.channel, () => this.channel, (c) => (this.channel = c));
    this.defineKnob("degrees", KNOBS.degrees, () => cfg.degrees, (d) => this.change(() => ((cfg.degrees = d), (this.chordTones = undefined))));
    this.defineKnob("pattern", KNOBS.pattern, () => cfg.pattern, (p) => this.change(() => (cfg.pattern = p)));
    this.defineKnob("octaves", KNOBS.octaves, () => cfg.octaves, (o) => this.change(() => (cfg.octaves = o)));
    this.defineKnob("gate", KNOBS.gate, () => cfg.gateBeats, (g) => (cfg.gateBeats = g));
    this.defineKnob("velocity", KNOBS.velocity, () => cfg.velocity, (v) => (cfg.velocity = v));
    this.defineKnob("probability", KNOBS.probability, () => cfg.probability, (p) => (cfg.probability = p));
    this.rebuild();
  }

  /** The notes the pattern walks over, in play order for asPlayed, else low to high. */
  get currentNotes(): readonly number[] {
    return this.notes;
  }

  protected override onStart(): void {
    this.listen(TriggerEvent, () => this.step(), { where: (ev) => ev.name === this.triggerName });
    if (this.chords !== undefined) {
      this.listen(ChordEvent, (ev) => this.followChord(ev), { where: (ev) => ev.name === this.chords });
    }
  }

  /** Play the next note (if the probability lets this trigger through). */
  private step(): void {
    const cfg = this.config;
    if (this.notes.length === 0 || !this.chance(cfg.probability, "play")) return;
    const index =
      cfg.pattern === "random" ? Math.floor(this.draw("note") * this.notes.length) : this.cycle[this.position % this.cycle.length]!;
    this.position++;
    this.publish(
      new NoteEvent({
        pitch: this.notes[index]!,
        velocity: cfg.velocity,
        gateBeats: cfg.gateBeats,
        channel: this.channel,
        meta: { node: this.name, degreeIndex: index },
      }),
    );
  }

  /** A chord it cannot play is reported; the arpeggio keeps its degrees and goes on. */
  private followChord(ev: ChordEvent): void {
    if (ev.pitchClasses !== undefined && ev.pitchClasses.length > 0) return this.followTones(ev.pitchClasses, ev.source);
    this.followDegrees(ev.degrees, ev.source);
  }

  /**
   * A chord given by its pitch classes: played as degrees of this arpeggio's own scale when every
   * tone is in it (so `degrees` shows the chord), else as the exact tones stacked up from the root
   * (a secondary dominant's raised note, a Neapolitan), until the next chord or a new `degrees`.
   */
  private followTones(pitchClasses: readonly number[], from: string | undefined): void {
    const scale = this.scales.get(this.scaleName);
    const rel = pitchClasses.map((pc) => (((pc - this.rootMidi) % 12) + 12) % 12);
    if (!rel.every((r) => scale.contains(r))) {
      this.chordTones = [...pitchClasses];
      this.rebuild();
      return;
    }
    const degrees: number[] = [];
    for (const r of rel) {
      const prev = degrees[degrees.length - 1];
      let d = prev === undefined ? 0 : prev + 1;
      while ((((scale.semitones(d) % 12) + 12) % 12) !== r) d++;
      degrees.push(d);
    }
    this.followDegrees(degrees, from);
  }

  private followDegrees(degrees: readonly number[], from: string | undefined): void {
    try {
      this.setParam("degrees", degrees);
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      this.bus.report({ kind: "param", node: this.name, message: `chord from ${from} ignored: ${err.message}` }, `${this.name}:chord`);
    }
  }

  private change(apply: () => void): void {
    apply();
    this.rebuild();
  }

  private rebuild(): void {
    const scale = this.scales.get(this.scaleName);
    const cfg = this.config;
    const played: number[] = [];
    const base = this.chordTones ? stackUp(this.chordTones, this.rootMidi) : cfg.degrees.map((d) => scale.pitch(this.rootMidi, d));
    for (let o = 0; o < cfg.octaves; o++) {
      for (const p of base) played.push(p + 12 * o);
    }
    const inRange = played.filter((p) => p >= 0 && p <= 127);
    if (inRange.length < played.length) {
      this.bus.report({
        kind: "param",
        node: this.name,
        message: `${this.name}: ${played.length - inRange.length} note(s) fall outside MIDI 0–127 and are left out (root ${this.rootMidi}, ${cfg.octaves} octave(s))`,
      });
    }
    this.notes = cfg.pattern === "asPlayed" ? inRange : [...inRange].sort((a, b) => a - b);
    this.cycle = patternCycle(cfg.pattern, this.notes.length);
  }
}

/** Pitch classes stacked upward from the lowest pitch at or above `low`, in the order given. */
function stackUp(pitchClasses: readonly number[], low: number): number[] {
  const out: number[] = [];
  for (const pc of pitchClasses) {
    const from = out.length > 0 ? out[out.length - 1]! + 1 : low;
    out.push(from + ((((pc - from) % 12) + 12) % 12));
  }
  return out;
}
