/**
 * OrnamentNode: MIL's ornament grammar on any melody stream. A note of `from` at least
 * `minBeats` long becomes, with probability `rate`, one of the allowed figures, all inside the
 * note's own span (a live stream cannot reach back before a note, so a grace note takes the
 * first 1/8 beat and the principal follows):
 *   turn     upper, note, lower, note (notes of a beat or more)
 *   mordent  note, upper, note
 *   trill    note and upper neighbour alternating, 3–7 notes, resting on the note (a beat or more)
 *   grace    lower neighbour, note
 * Auxiliary notes are the scale's neighbours (a whole step if it is in the scale, else a half
 * step — and in a gapped scale the next scale pitch). Every other note passes through unchanged,
 * so the sink listens to this node only. Whether and how a note is ornamented is a pure function
 * of (seed, tick, channel, pitch), drawn by key (core/keyed-random.ts): a reload replays the same
 * ornaments.
 */
import type { EventBus } from "../../core/bus.ts";
import { NoteEvent } from "../../core/events.ts";
import { keyedUniform, weightedIndex } from "../../core/keyed-random.ts";
import { Node, type NodeOptions } from "../../core/node.ts";
import { unknownName } from "../../core/did-you-mean.ts";
import { choiceParam, intParam, knob, numberParam, ParamError, readKnobs, stringParam, type ParamSpec } from "../../core/params.ts";
import { beatsToTicks, PPQ } from "../../core/time.ts";
import type { ScaleRegistry } from "../../music/scale.ts";
import { expandOrnament, ORNAMENT_KINDS, ornamentWeights, type OrnamentKind, type PitchSet } from "../ornaments.ts";
import { checked } from "./shared.ts";

export interface OrnamentNodeOptions extends NodeOptions {
  /** Node name(s) whose notes it ornaments. */
  from: string | readonly string[];
  /** Chance that an eligible note is ornamented (default 0.3). */
  rate?: number;
  kinds?: readonly string[];
  scale?: string;
  scaleName?: string;
  root?: number;
  rootMidi?: number;
  minBeats?: number;
  complexity?: number;
  impulse?: number;
  seed?: string | number;
}

const kindsParam: ParamSpec<OrnamentKind[]> = {
  describe: `a list of ${ORNAMENT_KINDS.join(", ")}`,
  choices: () => ORNAMENT_KINDS,
  check: (v) => {
    if (!Array.isArray(v) || v.length === 0) throw new ParamError(`expected a non-empty list of ${ORNAMENT_KINDS.join(", ")}, got ${JSON.stringify(v)}`);
    for (const k of v) {
      if (!(ORNAMENT_KINDS as readonly unknown[]).includes(k)) throw new ParamError(unknownName("ornament", k, ORNAMENT_KINDS));
    }
    return [...new Set(v as OrnamentKind[])];
  },
};

const KNOBS = {
  /** Chance that a note long enough is ornamented. */
  rate: knob(numberParam(0, 1), 0.3),
  /** Allowed figures. */
  kinds: knob(kindsParam, [...ORNAMENT_KINDS]),
  /** Scale of the auxiliary notes … */
  scale: knob(stringParam(), "major", "scaleName"),
  /** … on this root (MIDI; only its pitch class matters). */
  root: knob(intParam(0, 127), 60, "rootMidi"),
  /** Shortest note that may be ornamented, in beats (a dotted eighth). */
  minBeats: knob(numberParam(0.0625, 16), 0.375),
  /** Leans the choice: turns at middling complexity, trills at high. */
  complexity: knob(numberParam(0, 1), 0.5),
  /** Ornamental impulse: more grace notes and trills. */
  impulse: knob(numberParam(0, 1), 0.5),
};

export class OrnamentNode extends Node {
  readonly kind = "ornament";
  readonly from: string | readonly string[];
  rate: number;
  kinds: OrnamentKind[];
  scaleName: string;
  rootMidi: number;
  minBeats: number;
  complexity: number;
  impulse: number;
  seed: string;
  /** Notes ornamented so far. */
  ornamented = 0;

  constructor(
    bus: EventBus,
    readonly scales: ScaleRegistry,
    options: OrnamentNodeOptions,
  ) {
    super(bus, "ornament", options);
    this.from = options.from;
    const k = readKnobs(this.name, KNOBS, options);
    this.rate = k.rate;
    this.kinds = k.kinds;
    this.scaleName = checked(this.name, "scale", () => scales.get(k.scale).name);
    this.rootMidi = k.root;
    this.minBeats = k.minBeats;
    this.complexity = k.complexity;
    this.impulse = k.impulse;
    this.seed = String(options.seed ?? `${String(bus.seed)}/${this.name}`);
    this.defineKnob("rate", KNOBS.rate, () => this.rate, (r) => (this.rate = r));
    this.defineKnob("kinds", KNOBS.kinds, () => this.kinds, (kinds) => (this.kinds = kinds));
    this.defineKnob("scale", { ...KNOBS.scale, spec: choiceParam(() => scales.allNames(), "scale") }, () => this.scaleName, (s) => (this.scaleName = s));
    this.defineKnob("root", KNOBS.root, () => this.rootMidi, (r) => (this.rootMidi = r));
    this.defineKnob("minBeats", KNOBS.minBeats, () => this.minBeats, (m) => (this.minBeats = m));
    this.defineKnob("complexity", KNOBS.complexity, () => this.complexity, (c) => (this.complexity = c));
    this.defineKnob("impulse", KNOBS.impulse, () => this.impulse, (i) => (this.impulse = i));
  }

  /** Whether a pitch is in the node's scale. */
  inScale(pitch: number): boolean {
    return this.scales.get(this.scaleName).contains(pitch - this.rootMidi);
  }

  protected override onStart(): void {
    // What `from` plays is heard through this node (sinks do not also play the original).
    this.takeOver(this.from);
    this.listen(NoteEvent, (ev) => this.decorate(ev), { from: this.from });
  }

  /** The figure a note becomes (itself when not ornamented): onsets in ticks, gates in beats. */
  figure(ev: NoteEvent, tick: number): { tick: number; pitch: number; velocity: number; gateBeats: number; ornament?: OrnamentKind }[] {
    const itself = [{ tick, pitch: ev.pitch, velocity: ev.velocity, gateBeats: ev.gateBeats }];
    if (ev.velocity === 0 || ev.gateBeats < this.minBeats) return itself;
    // Two keyed draws, whether and which: a changed rate or complexity, or a note more or less
    // in the melody, never moves another note's ornament.
    const at = (purpose: string) => keyedUniform(this.seed, tick, ev.channel, ev.pitch, purpose);
    if (!(this.rate >= 1 || at("whether") < this.rate)) return itself;
    const weights = ornamentWeights(ev.gateBeats, this.complexity, this.impulse).map((w, i) => (this.kinds.includes(ORNAMENT_KINDS[i]!) ? w : 0));
    if (weights.every((w) => w <= 0)) return itself;
    const kind = ORNAMENT_KINDS[weightedIndex(weights, at("which"))]!;
    const scale: PitchSet = { contains: (p) => this.inScale(p) };
    const gate = ev.gateBeats;
    let notes = expandOrnament({ beat: 0, duration: gate, pitch: ev.pitch, velocity: ev.velocity * 127 }, kind, scale, gate);
    if (kind === "grace" && notes.length === 2) {
      // Inside the span: the grace note takes what it would have taken before the beat.
      const g = -notes[0]!.beat;
      notes = [{ ...notes[0]!, beat: 0 }, { ...notes[1]!, beat: g, duration: gate - g }];
    }
    const end = tick + beatsToTicks(gate);
    return notes.map((n) => {
      const at = tick + beatsToTicks(n.beat);
      const stop = Math.min(end, tick + beatsToTicks(n.beat + n.duration));
      const pitch = n.ornament ? this.snap(n.pitch, ev.pitch) : n.pitch;
      const velocity = Math.min(1, Math.max(1 / 127, n.velocity / 127));
      return { tick: at, pitch, velocity, gateBeats: (stop - at) / PPQ, ...(n.ornament ? { ornament: n.ornament } : {}) };
    });
  }

  /** An auxiliary outside a gapped scale moves on to the next scale pitch, away from the principal. */
  private snap(pitch: number, principal: number): number {
    if (pitch === principal || this.inScale(pitch)) return pitch;
    const dir = pitch > principal ? 1 : -1;
    let p = pitch;
    for (let i = 0; i < 12 && !this.inScale(p); i++) p += dir;
    return this.inScale(p) ? p : pitch;
  }

  private decorate(ev: NoteEvent): void {
    const tick = ev.tick ?? this.bus.now;
    const figure = this.figure(ev, tick);
    if (figure.length > 1 || figure[0]!.ornament) this.ornamented++;
    for (const n of figure) {
      const meta = n.ornament ? { ...ev.meta, ornament: n.ornament } : ev.meta;
      const out = new NoteEvent({ tick: n.tick, pitch: n.pitch, velocity: n.velocity, gateBeats: n.gateBeats, channel: ev.channel, meta }).madeFrom(ev);
      if (ev.stream !== undefined) out.stream = ev.stream;
      this.at(n.tick, () => this.publish(out));
    }
  }
}
