/**
 * The prelude: helpers that are in scope in every patch (and in the REPL) without an import.
 * Add your own here — it reloads with the patches.
 *
 *   export default patch(() => {
 *     euclid("euc", { steps: 16, pulses: 5, trigger: "hit" })
 *     arp("arp", { trigger: "hit", scale: "dorian", degrees: [0, 2, 4, 6], pattern: "updown" })
 *   })
 */
import {
  Arpeggiator, ArpConfig, ChordGenerator, Clock, ContinuousSignal, EuclideanPattern, EuclideanRhythmNode,
  GrooveNode, HarmonyNode, Humanize, Integrator, OrnamentNode, ParamFollower, ProbabilityRouter, Quantizer, Swing,
  TensionNode,
  type ParamFollowerOptions,
  type MapOptions,
  PianoNode,
  type PianoOptions,
  type NodeLike,
} from "magicbus";
import type { LiveContext, PatchFunction } from "./src/live/context.ts";

export type { LiveContext, PatchFunction };

let current: { ctx: LiveContext; nodes: NodeLike[] } | undefined;

/** Mark a patch function (gives `ctx` its type). */
export function patch(fn: PatchFunction): PatchFunction {
  return fn;
}

/**
 * Run a patch function with the helpers bound to `ctx`; returns every node it made or returned.
 * (Used by the patch loader; a patch does not call it.)
 */
export async function runPatch(ctx: LiveContext, fn: PatchFunction): Promise<NodeLike[]> {
  const outer = current;
  const collected = { ctx, nodes: [] as NodeLike[] };
  current = collected;
  try {
    const returned = await fn(ctx);
    if (returned !== undefined && !Array.isArray(returned)) {
      throw new TypeError(`a patch must return an array of nodes or nothing, got ${describeValue(returned)}`);
    }
    return [...collected.nodes, ...(returned ?? []).filter((n) => !collected.nodes.includes(n))];
  } finally {
    current = outer;
  }
}

function describeValue(v: unknown): string {
  return v === null ? "null" : typeof v === "object" ? (v.constructor?.name ?? "an object") : typeof v;
}

function live(helper: string): LiveContext {
  if (!current) throw new Error(`${helper}() can only be called while a patch loads`);
  return current.ctx;
}

function add<N extends NodeLike>(node: N): N {
  current!.nodes.push(node);
  return node;
}

export interface EuclidOptions {
  steps?: number;
  pulses?: number;
  rotation?: number;
  /** Name of the triggers it publishes. */
  trigger?: string;
  probability?: number;
  /** Follow only this clock. */
  clock?: string;
}

/** A Euclidean rhythm: `pulses` hits spread over `steps`, publishing `trigger` on each. */
export function euclid(name: string, o: EuclidOptions = {}): EuclideanRhythmNode {
  const { bus } = live("euclid");
  const pattern = new EuclideanPattern({ steps: o.steps ?? 16, pulses: o.pulses ?? 4, rotation: o.rotation ?? 0 });
  return add(
    new EuclideanRhythmNode(bus, {
      name,
      pattern,
      hitTriggerName: o.trigger ?? "hit",
      probability: o.probability ?? 1,
      ...(o.clock ? { clock: o.clock } : {}),
    }),
  );
}

export interface ArpOptions {
  trigger?: string;
  scale?: string;
  root?: number;
  degrees?: number[];
  pattern?: string;
  octaves?: number;
  /** Gate in beats. */
  gate?: number;
  velocity?: number;
  probability?: number;
  channel?: number;
  /** Follow the chords of this chord generator. */
  chords?: string;
}

/** An arpeggiator over scale degrees, one note per trigger. */
export function arp(name: string, o: ArpOptions = {}): Arpeggiator {
  const { bus, scales } = live("arp");
  return add(
    new Arpeggiator(bus, scales, {
      name,
      triggerName: o.trigger ?? "hit",
      scaleName: o.scale ?? "major",
      rootMidi: o.root ?? 60,
      channel: o.channel ?? 0,
      ...(o.chords ? { chords: o.chords } : {}),
      config: new ArpConfig({
        degrees: o.degrees ?? [0, 2, 4],
        pattern: o.pattern ?? "up",
        octaves: o.octaves ?? 1,
        gateBeats: o.gate ?? 0.25,
        velocity: o.velocity ?? 0.8,
        probability: o.probability ?? 1,
      }),
    }),
  );
}

export interface ChordsOptions {
  progression?: number[];
  size?: number;
  scale?: string;
  root?: number;
  /** Change every this many beats… */
  every?: number;
  /** …or on this trigger. */
  trigger?: string;
  play?: boolean;
  gate?: number;
  velocity?: number;
  channel?: number;
}

/** A chord progression over scale degrees; arpeggiators follow it with `chords: name`. */
export function chords(name: string, o: ChordsOptions = {}): ChordGenerator {
  const { bus, scales } = live("chords");
  return add(
    new ChordGenerator(bus, scales, {
      name,
      ...(o.progression ? { progression: o.progression } : {}),
      ...(o.size ? { size: o.size } : {}),
      scaleName: o.scale ?? "major",
      rootMidi: o.root ?? 48,
      everyBeats: o.every ?? 4,
      ...(o.trigger ? { triggerName: o.trigger } : {}),
      play: o.play ?? false,
      ...(o.gate ? { gateBeats: o.gate } : {}),
      velocity: o.velocity ?? 0.6,
      channel: o.channel ?? 0,
    }),
  );
}

/** A continuous signal `fn(t)` (t in seconds) sampled `hz` times a second, published as ValueEvents named `name`. */
export function signal(name: string, fn: (t: number) => number, hz = 30): ContinuousSignal {
  return add(new ContinuousSignal(live("signal").bus, { name, hz, fn }));
}

export interface IntegrateOptions {
  source: string;
  leak?: number;
  scale?: number;
  threshold?: number;
  trigger?: string;
  probability?: number;
  signed?: boolean;
}

/** Integrate a signal and fire `trigger` each time the integral crosses `threshold`. */
export function integrate(name: string, o: IntegrateOptions): Integrator {
  return add(
    new Integrator(live("integrate").bus, {
      name,
      sourceValueName: o.source,
      leak: o.leak ?? 0.1,
      scale: o.scale ?? 1,
      threshold: o.threshold ?? 1,
      triggerName: o.trigger ?? name,
      triggerProbability: o.probability ?? 1,
      signed: o.signed ?? false,
    }),
  );
}

/** Swing the off-beats of the `input` triggers; they come out as `output`. */
export function swing(name: string, o: { input: string; output: string; amount?: number; grid?: number; humanize?: number }): Swing {
  const { bus, sched } = live("swing");
  return add(
    new Swing(bus, sched, {
      name,
      input: o.input,
      output: o.output,
      amount: o.amount ?? 0.6,
      gridBeats: o.grid ?? 0.25,
      humanizeBeats: o.humanize ?? 0,
    }),
  );
}

/** Loosen the timing and velocity of the notes of `from`. */
export function humanize(name: string, o: { from: string | string[]; timing?: number; velocity?: number }): Humanize {
  const { bus, sched } = live("humanize");
  return add(new Humanize(bus, sched, { name, from: o.from, timingBeats: o.timing ?? 0.02, velocity: o.velocity ?? 0.08 }));
}

/** Give each `input` trigger to one of `outputs`, by weight. */
export function route(name: string, o: { input: string; outputs: Record<string, number>; drop?: number }): ProbabilityRouter {
  return add(new ProbabilityRouter(live("route").bus, { name, input: o.input, outputs: o.outputs, dropWeight: o.drop ?? 0 }));
}

/** Snap the notes of `from` to a scale (and, with `grid`, to a beat grid). */
export function quantize(name: string, o: { from: string | string[]; scale?: string; root?: number; grid?: number }): Quantizer {
  const { bus, scales, sched } = live("quantize");
  return add(new Quantizer(bus, scales, sched, { name, from: o.from, scaleName: o.scale ?? "major", rootMidi: o.root ?? 60, gridBeats: o.grid ?? 0 }));
}

/** Another clock (polyrhythm): its own steps per beat, or its own bpm kept as a ratio to the main tempo. */
export function clock(name: string, o: { stepsPerBeat?: number; loopSteps?: number; bpm?: number } = {}): Clock {
  return add(new Clock(live("clock").bus, { name, ...o }));
}

/**
 * Let a signal (`source`) or a trigger stream (`trigger` + `values`) play a param of another node:
 * `follow("wobble", { source: "lfo", target: "arp.velocity", inputMin: -1, inputMax: 1, min: 0.4, max: 1 })`.
 */
export function follow(name: string, o: Omit<ParamFollowerOptions, "name">): ParamFollower {
  return add(new ParamFollower(live("follow").bus, { ...o, name }));
}

/**
 * Map a MIDI controller or note to a param: `map("cc:1", "arp.gateBeats", { min: 0.05, max: 1 })`.
 * Sources: "cc:N", "cc:N:chC" (channel 1–16), "note:N", "note:*". Returns the source as stored.
 */
export function map(source: string, target: string, o: MapOptions = {}): string {
  const { controllers } = live("map");
  if (!controllers) throw new Error("map() needs a session with controllers (the live daemon)");
  return controllers.map(source, target, o);
}

/**
 * The MIL piano composer, playing live: `piano("piano", { archetype: "Nocturne", pianist: "Chopin",
 * key: "Eb", mode: "major" })`. Steer it while it plays: piano.archetype = "Toccata",
 * piano.energy = 0.8, piano.end = true (finish on a cadence).
 */
export function piano(name: string, o: Omit<PianoOptions, "name"> = {}): PianoNode {
  return add(new PianoNode(live("piano").bus, { ...o, name }));
}

/** Add a hand-written node (any object with `async start()`) under a name. */
export function node<N extends NodeLike>(name: string, n: N): N {
  live("node");
  try {
    n.name = name;
  } catch {
    /* a read-only name stays */
  }
  return add(n);
}

/** A character for the MIL nodes: an archetype name, or five numbers / some dimensions. */
export interface MilCharacterOptions {
  archetype?: string;
  character?: { energy?: number; darkness?: number; complexity?: number; lyricism?: number; volatility?: number } | number[];
}

export interface HarmonyOptions extends MilCharacterOptions {
  /** Home key: "C", "F#", "Bb" … (default "C"). */
  key?: string | number;
  mode?: "major" | "minor";
  seed?: string | number;
  /** Bars each harmonic bar lasts (default 1) … */
  barsPerChord?: number;
  /** … or beats each harmonic bar lasts (`every: 8` in 4/4 = `barsPerChord: 2`). */
  every?: number;
  beatsPerBar?: number;
  /** Lowest pitch of the voiced chords (default 48). */
  root?: number;
  /** B and C sections in related keys (default true). */
  modulate?: boolean;
  /** Also sound the chords (default false). */
  play?: boolean;
  velocity?: number;
  channel?: number;
}

/** MIL's functional harmony on the bar grid; arpeggiators follow it with `chords: name`. */
export function harmony(name: string, o: HarmonyOptions = {}): HarmonyNode {
  const { bus } = live("harmony");
  const beatsPerBar = o.beatsPerBar ?? 4;
  const { every, ...rest } = o;
  return add(new HarmonyNode(bus, { name, ...rest, beatsPerBar, ...(every !== undefined ? { barsPerChord: every / beatsPerBar } : {}) }));
}

/** Re-time the notes of `from` by one of MIL's micro-timing templates; let the sink hear this node. */
export function groove(name: string, o: { from: string | string[]; template: string; amount?: number; beatsPerBar?: number }): GrooveNode {
  return add(new GrooveNode(live("groove").bus, { name, ...o }));
}

/** MIL's ornament grammar (turn, mordent, trill, grace) on the notes of `from`, auxiliaries in `scale`. */
export function ornament(
  name: string,
  o: { from: string | string[]; rate?: number; kinds?: string[]; scale?: string; root?: number; minBeats?: number; complexity?: number; impulse?: number; seed?: string | number },
): OrnamentNode {
  const { bus, scales } = live("ornament");
  const { scale, root, ...rest } = o;
  return add(new OrnamentNode(bus, scales, { name, ...rest, scaleName: scale ?? "major", rootMidi: root ?? 60 }));
}

/** MIL's tension field of a composer's phrases as ValueEvents named `name` (every beat, or `hz` a second). */
export function tension(
  name: string,
  o: MilCharacterOptions & { key?: string | number; mode?: "major" | "minor"; seed?: string | number; hz?: number; every?: number; window?: number } = {},
): TensionNode {
  const { every, window, ...rest } = o;
  return add(
    new TensionNode(live("tension").bus, {
      name,
      ...rest,
      ...(every !== undefined ? { everyBeats: every } : {}),
      ...(window !== undefined ? { windowBeats: window } : {}),
    }),
  );
}
