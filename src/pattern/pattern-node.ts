/**
 * A pattern on the bus: the node asks its pattern for one cycle at a time, at the cycle's start,
 * and plays each event as a NoteEvent at the tick nearest its exact onset (tickOf: computed from
 * the fraction, so cycle 100 000 is as exact as cycle 0). A cycle is one 4/4 bar, counted from
 * tick 0.
 *
 * The pattern is mini-notation or a pattern made with the pattern functions
 * (`every(2, rev, "bd sd hh")`). Live changes: a new `pattern` (and a new reading of it, `as`)
 * waits for the next cycle boundary, so a cycle is never cut in two (and a bad string is refused
 * with its column; the old one plays on). The other knobs act from the next note. Randomness (`?`, `|`) is keyed by (seed, node, cycle, position): another
 * node's change, a reload or a replay moves none of this node's choices.
 */
import type { EventBus } from "../core/bus.ts";
import { NoteEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { choiceParam, knob, ParamError, type ParamSpec, readKnobs } from "../core/params.ts";
import { CONTEXT_PRIORITY } from "../core/timeline.ts";
import { PPQ } from "../core/time.ts";
import type { ScaleRegistry } from "../music/scale.ts";
import type { Fraction } from "./fraction.ts";
import { type Hap, hasOnset } from "./hap.ts";
import { onsets, type Onset } from "./listing.ts";
import { type Pattern, type QueryContext, queryContext } from "./pattern.ts";
import { numberReading, type Patterned, patternedSpec } from "./patterned-knob.ts";
import type { Value } from "./syntax.ts";
import { TICKS_PER_CYCLE, tickOf } from "./ticks.ts";
import { dirtSound, noteNumber } from "./values.ts";
import { checkPlayable, READINGS, type Reading, voice } from "./voicing.ts";
import { readGiven, recheck, type WrittenPattern } from "./written.ts";

/** General MIDI's drum channel (channel 10, counted from 0). */
export const DRUM_CHANNEL = 9;

/** A patterned knob with its default, declared once. */
function patternedKnob<T>(spec: ParamSpec<Patterned<T>>, fallback: number | string) {
  return knob(spec, spec.check(fallback));
}

const channelSpec = patternedSpec<number | "auto">({
  ...numberReading(0, 15, true),
  describe: `"auto" (${DRUM_CHANNEL} for drums, 0 for notes) or an integer from 0 to 15`,
  word: (s) => (s === "auto" ? "auto" : undefined),
});

const rootSpec = patternedSpec<number>({
  describe: "a MIDI note (an integer from 0 to 127, or a note name: c3, eb4)",
  check: (v) => (typeof v === "number" ? numberReading(0, 127, true).check(v) : noteNumber(v) === undefined ? `"${v}" is not a note name (c3, eb4, f#2)` : undefined),
  read: (v) => (typeof v === "number" ? v : noteNumber(v)!),
  word: (s) => noteNumber(s),
});

/** The knobs besides `pattern` and `scale` (those two are checked against the node: its reading, its registry). */
const KNOBS = {
  /** How values are read: auto (drum names, note names, numbers as degrees), drums, notes, degrees. */
  as: knob(choiceParam(() => READINGS, "reading"), "auto" as Reading),
  /** The root of the scale that numbers are degrees of. */
  root: patternedKnob(rootSpec, 60),
  channel: patternedKnob(channelSpec, "auto"),
  /** 0..1, as every NoteEvent. */
  velocity: patternedKnob(patternedSpec(numberReading(0, 1)), 0.8),
  /** A note's length as a share of its event's: 1 is legato, 0.5 half the step. */
  gate: patternedKnob(patternedSpec(numberReading(0.01, 16)), 0.9),
};

/** A knob's setting: a value, mini-notation, or a pattern made with the pattern functions. */
type KnobValue<T> = T | string | Pattern<Value>;

export interface PatternNodeOptions extends NodeOptions {
  /** Mini-notation ("bd*4, ~ sd, hh*8") or a pattern made with the pattern functions (`every(2, rev, "bd sd hh")`). */
  pattern?: string | Pattern<Value>;
  as?: Reading;
  scale?: KnobValue<string>;
  root?: KnobValue<number>;
  channel?: KnobValue<number>;
  velocity?: KnobValue<number>;
  gate?: KnobValue<number>;
}

type PatternedKnob = "scale" | "root" | "channel" | "velocity" | "gate";

/** A cycle of a patterned knob, queried once for all the notes of that cycle. */
interface KnobCycle {
  readonly setting: Patterned<unknown>;
  readonly cycle: number;
  readonly haps: Hap<Value>[];
}

export class PatternNode extends Node {
  readonly kind = "pattern";
  /** The pattern of the cycle playing and how its values are read; what was given since (it starts at the next cycle). */
  private playing: WrittenPattern;
  private reading: Reading;
  private waiting: WrittenPattern | undefined;
  private waitingReading: Reading | undefined;
  /** Which pattern played from which cycle: the last few, for `.show` while the lookahead runs ahead. */
  private readonly history: Array<{ readonly from: number; readonly written: WrittenPattern }> = [];
  private readonly settings: Record<PatternedKnob, Patterned<unknown>>;
  private readonly knobCycles = new Map<PatternedKnob, KnobCycle>();
  private context: QueryContext | undefined;
  private readonly knobContexts = new Map<PatternedKnob, QueryContext>();

  constructor(
    bus: EventBus,
    readonly scales: ScaleRegistry,
    options: PatternNodeOptions = {},
  ) {
    super(bus, "pattern", options);
    if (options.pattern === undefined) throw new ParamError(`${this.name}: which pattern? give one in mini-notation, e.g. pattern("${this.name}", "bd*4, ~ sd"), or made with the pattern functions: pattern("${this.name}", fast(2, "bd sd"))`);
    // The reading first: the pattern's values are checked against it.
    this.reading = readKnobs(this.name, { as: KNOBS.as }, options).as;
    const scale = scaleSpec(scales);
    const pattern = this.patternSpec();
    const k = readKnobs(this.name, { ...KNOBS, pattern: knob(pattern, undefined), scale: patternedKnob(scale, "major") }, options);
    this.playing = k.pattern!;
    this.settings = { scale: k.scale, root: k.root, channel: k.channel, velocity: k.velocity, gate: k.gate };
    // A param reads back what was written (the string, the number, the pattern made with the functions).
    this.defineParam<unknown>("pattern", pattern, () => (this.waiting ?? this.playing).given, (w) => (this.waiting = w as WrittenPattern));
    this.defineKnob("as", { ...KNOBS.as, spec: this.asSpec() }, () => this.nextReading, (a) => (this.waitingReading = a));
    const specs: Record<PatternedKnob, ParamSpec<Patterned<any>>> = { scale, root: KNOBS.root.spec, channel: KNOBS.channel.spec, velocity: KNOBS.velocity.spec, gate: KNOBS.gate.spec };
    for (const name of ["scale", "root", "channel", "velocity", "gate"] as const) {
      this.defineParam<unknown>(name, specs[name], () => this.settings[name].given, (s) => (this.settings[name] = s as Patterned<unknown>));
    }
  }

  /** The pattern playing now, and the one waiting for the next cycle (if any): the strings as written, or the code of patterns made with the functions. */
  get source(): { playing: string; waiting: string | undefined } {
    return { playing: sourceOf(this.playing), waiting: this.waiting && sourceOf(this.waiting) };
  }

  /** As `.show` prints them: the pattern playing now (quoted if mini-notation) and the one waiting. */
  get code(): { playing: string; waiting: string | undefined } {
    return { playing: this.playing.code, waiting: this.waiting?.code };
  }

  /** The cycle that `tick` falls in. */
  static cycleOf(tick: number): number {
    return Math.floor(tick / TICKS_PER_CYCLE);
  }

  /** The events starting in `cycle`, as this node plays (or played) it: its pattern and keyed choices. */
  cycleOnsets(cycle: number): Onset<Value>[] {
    const entry = [...this.history].reverse().find((h) => h.from <= cycle);
    const written = entry?.written ?? this.waiting ?? this.playing;
    return onsets(written.pattern, cycle, 1, this.queryContext());
  }

  /** The code of the pattern that plays (or played) `cycle`: `"bd*4, ~ sd"` or `every(2, rev, "bd sd hh")`. */
  codeAt(cycle: number): string {
    const entry = [...this.history].reverse().find((h) => h.from <= cycle);
    return (entry?.written ?? this.waiting ?? this.playing).code;
  }

  protected override onStart(): void {
    const now = this.bus.now;
    this.playCycle(PatternNode.cycleOf(now), now);
  }

  /** Lay out cycle `c` from tick `from` on, and come back at the next cycle's start. */
  private playCycle(c: number, from: number): void {
    if (this.waiting) {
      this.playing = this.waiting;
      this.waiting = undefined;
    }
    if (this.waitingReading) {
      this.reading = this.waitingReading;
      this.waitingReading = undefined;
    }
    const last = this.history[this.history.length - 1];
    if (last?.written !== this.playing) {
      this.history.push({ from: c, written: this.playing });
      if (this.history.length > 4) this.history.shift();
    }
    const byTick = new Map<number, Hap<Value>[]>();
    for (const h of this.playing.pattern.events(c, c + 1, this.queryContext())) {
      if (!hasOnset(h)) continue; // the tail of an event that began before this cycle
      const tick = tickOf(h.whole!.begin);
      if (tick < from) continue;
      const group = byTick.get(tick);
      if (group) group.push(h);
      else byTick.set(tick, [h]);
    }
    for (const [tick, haps] of byTick) this.at(tick, () => this.playNotes(tick, c, haps));
    const next = (c + 1) * TICKS_PER_CYCLE;
    this.at(next, () => this.playCycle(c + 1, next), CONTEXT_PRIORITY);
  }

  private playNotes(tick: number, cycle: number, haps: Hap<Value>[]): void {
    for (const h of haps) {
      const at = h.whole!.begin;
      const scaleName = this.valueAt("scale", cycle, at) as string | undefined;
      const root = this.valueAt("root", cycle, at) as number | undefined;
      const channel = this.valueAt("channel", cycle, at) as number | "auto" | undefined;
      const velocity = this.valueAt("velocity", cycle, at) as number | undefined;
      const gate = this.valueAt("gate", cycle, at) as number | undefined;
      // A knob's pattern with no value here (a rest in it) leaves the note out, as Tidal's `<*` does.
      if (scaleName === undefined || root === undefined || channel === undefined || velocity === undefined || gate === undefined) continue;
      const v = voice(h.value, this.reading, this.scales.get(scaleName), root);
      if (!v) {
        this.cannotPlay(h.value, root);
        continue;
      }
      const length = Math.max(1, Math.round((tickOf(h.whole!.end) - tick) * gate));
      this.publish(
        new NoteEvent({
          tick,
          pitch: v.pitch,
          velocity,
          gateBeats: length / PPQ,
          channel: channel === "auto" ? (v.drum ? DRUM_CHANNEL : 0) : channel,
          // a drum word's sample for SuperDirt (`sn:2`); MIDI plays the pitch
          meta: { node: this.name, value: h.value, ...(v.drum && typeof h.value === "string" ? dirtSound(h.value) : {}) },
        }),
      );
    }
  }

  /** A patterned knob's value at `at` (cycles), or undefined where its pattern rests. */
  private valueAt(name: PatternedKnob, cycle: number, at: Fraction): unknown {
    const setting = this.settings[name];
    if (setting.written === undefined) return setting.constant;
    let known = this.knobCycles.get(name);
    if (known?.setting !== setting || known.cycle !== cycle) {
      const ctx = this.knobContext(name);
      known = { setting, cycle, haps: setting.written.pattern.events(cycle, cycle + 1, ctx) };
      this.knobCycles.set(name, known);
    }
    for (const h of known.haps) {
      if (!(h.part.begin.lte(at) && at.lt(h.part.end))) continue;
      const why = setting.unchecked?.(h.value);
      if (why === undefined) return setting.read(h.value);
      this.bus.report({ kind: "param", node: this.name, message: `${this.name}.${name}: ${why}; the note is left out` }, `${this.name}:${name}`);
      return undefined;
    }
    return undefined;
  }

  /** A value the node cannot play: one a pattern made with the functions made (`range`), or a degree too far from the root. */
  private cannotPlay(value: Value, root: number): void {
    const why = checkPlayable(value, this.reading) ?? `${JSON.stringify(value)} falls outside MIDI 0–127 (root ${root})`;
    this.bus.report({ kind: "param", node: this.name, message: `${this.name}: ${why}; left out` }, `${this.name}:range`);
  }

  private queryContext(): QueryContext {
    return (this.context ??= queryContext(this.bus.seed, this.name));
  }

  /** Each knob draws apart from the pattern: `velocity: "0.5?"` and `pattern: "hh?"` do not share their coin. */
  private knobContext(name: PatternedKnob): QueryContext {
    let ctx = this.knobContexts.get(name);
    if (!ctx) this.knobContexts.set(name, (ctx = queryContext(this.bus.seed, `${this.name}.${name}`)));
    return ctx;
  }

  private patternSpec(): ParamSpec<WrittenPattern> {
    return {
      describe: 'a pattern in mini-notation, e.g. "bd*4, ~ sd, hh*8", or made with the pattern functions, e.g. fast(2, "bd sd")',
      check: (v) => {
        const written = readGiven(v, (x) => checkPlayable(x, this.nextReading));
        if (written) return written;
        const got = v === undefined ? "nothing" : typeof v === "function" ? "a function" : JSON.stringify(v) ?? String(v);
        throw new ParamError(`expected a pattern in mini-notation ("bd*4, ~ sd"; "~" is silence) or made with the pattern functions (fast(2, "bd sd")), got ${got}`);
      },
    };
  }

  /** How the pattern of the next cycle will be read. */
  private get nextReading(): Reading {
    return this.waitingReading ?? this.reading;
  }

  /**
   * A new reading comes in with the next cycle, like a new pattern, and must be able to play the
   * pattern of that cycle: else it is refused, naming the first value it cannot read.
   */
  private asSpec(): ParamSpec<Reading> {
    const choice = KNOBS.as.spec;
    return {
      describe: choice.describe,
      choices: () => READINGS,
      check: (v) => {
        const as = choice.check(v);
        recheck(this.waiting ?? this.playing, (x) => checkPlayable(x, as));
        return as;
      },
    };
  }

  /**
   * A reload that changes both the pattern and its reading (`"bd sd"` → `"0 2", as: "degrees"`)
   * takes them together: the newer node read its pattern with its own reading already, and one at
   * a time each would be checked against the other's old half.
   */
  override adopt(newer: this, params?: readonly string[]): void {
    const list = params ?? Object.keys(newer.params());
    if (list.includes("pattern") && list.includes("as") && newer.nextReading !== this.nextReading) {
      this.waiting = newer.waiting ?? newer.playing;
      this.waitingReading = newer.nextReading;
      super.adopt(newer, list.filter((p) => p !== "pattern" && p !== "as"));
      return;
    }
    super.adopt(newer, list);
  }
}

/** The pattern as written: the string, or the code of a pattern made with the functions. */
function sourceOf(w: WrittenPattern): string {
  return typeof w.given === "string" ? w.given : w.code;
}

/** A scale's name, or a pattern of names ("<dorian lydian>"), checked against the registry. */
function scaleSpec(scales: ScaleRegistry): ParamSpec<Patterned<string>> {
  return patternedSpec<string>({
    describe: "a scale name",
    check: (v) => (typeof v === "string" && scales.has(v) ? undefined : `${JSON.stringify(v)} is not a scale name (major, minor, dorian …; scales.names() lists them)`),
    read: (v) => String(v),
    word: (s) => (scales.has(s) ? s : undefined),
    choices: () => scales.allNames(),
  });
}
