/**
 * The prelude: helpers that are in scope in every patch (and in the REPL) without an import.
 * Add your own here — it reloads with the patches.
 *
 *   export default patch(() => {
 *     euclid("euc", { steps: 16, pulses: 5, trigger: "hit" })
 *     arp("arp", { trigger: "hit", scale: "dorian", degrees: [0, 2, 4, 6], pattern: "updown" })
 *     pattern("drums", every(2, rev, "bd*2 [~ bd] sd"))
 *   })
 */
import {
  Arpeggiator, ChordGenerator, Clock, ContinuousSignal, EuclideanRhythmNode,
  GrooveNode, HarmonyNode, Humanize, Integrator, OrnamentNode, ParamFollower, ProbabilityRouter, Quantizer, Swing,
  TensionNode,
  type ArpeggiatorOptions, type ChordGeneratorOptions, type EuclideanRhythmNodeOptions, type GrooveNodeOptions,
  type HarmonyNodeOptions, type HumanizeOptions, type IntegratorOptions, type OrnamentNodeOptions,
  type ProbabilityRouterOptions, type QuantizerOptions, type SwingOptions, type TensionNodeOptions,
  type ParamFollowerOptions,
  type MapOptions,
  PianoNode,
  type PianoOptions,
  PatternNode,
  type PatternNodeOptions,
  type NodeLike,
  euclid as euclidPattern,
  type Amount,
  Pattern,
  type PatternLike,
} from "magicbus";
import type { LiveContext, PatchFunction } from "./src/patch/context.ts";

export type { LiveContext, PatchFunction };

// The pattern functions (docs/patterns.md#transformations-on-the-bus), Tidal's names and argument
// order: pattern("drums", every(2, rev, "bd sd hh")), drums.pattern = fast(2, "bd sd") in the REPL.
// `euclid` is both (below): the rhythm node, and the pattern function euclid(3, 8, "bd").
export {
  cat, choose, cosine, degradeBy, early, every, fast, isaw, iter, late, mask, off, palindrome, ply, rand, range, rev, saw,
  segment, seq, sine, slow, sometimesBy, square, stack, struct, tri,
} from "magicbus";

/** What a pattern plays: words (drum and note names) and numbers (degrees). */
type Value = string | number;

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
  if (!current) {
    throw new Error(
      `${helper}() can only be called while a patch loads: write it in a patch file and save it; in the REPL, change the nodes that are playing (name.param = value; .nodes lists them)`,
    );
  }
  return current.ctx;
}

function add<N extends NodeLike>(node: N): N {
  current!.nodes.push(node);
  return node;
}

// The helpers pass the performer's options straight to the nodes: each knob's name, range and
// default are declared once, in its node (docs/reference.md lists them). A patch uses the
// performer's names only; the seed's longer ones (and its option objects) belong to the class API.
type SeedNames =
  | "name" | "random" | "config" | "triggerName" | "hitTriggerName" | "scaleName" | "rootMidi" | "gateBeats" | "everyBeats"
  | "windowBeats" | "timingBeats" | "gridBeats" | "humanizeBeats" | "dropWeight" | "sourceValueName" | "triggerProbability";

export type EuclidOptions = Omit<EuclideanRhythmNodeOptions, SeedNames | "pattern">;
export type ArpOptions = Omit<ArpeggiatorOptions, SeedNames>;
export type ChordsOptions = Omit<ChordGeneratorOptions, SeedNames>;
export type IntegrateOptions = Omit<IntegratorOptions, SeedNames> & { source: string };
export type HarmonyOptions = Omit<HarmonyNodeOptions, SeedNames>;

/**
 * A Euclidean rhythm node: `pulses` hits spread over `steps`, publishing `trigger` on each. With
 * a pattern it is the pattern function: `euclid(3, 8, "bd")` plays bd on the hits of E(3,8).
 */
export function euclid(name: string, o?: EuclidOptions): EuclideanRhythmNode;
export function euclid<T = Value>(pulses: Amount, steps: Amount, pat: PatternLike<T>, rotation?: Amount): Pattern<T>;
export function euclid(first: string | Amount, ...rest: unknown[]): EuclideanRhythmNode | Pattern<unknown> {
  const node = typeof first === "string" && rest.length <= 1 && (rest[0] === undefined || (typeof rest[0] === "object" && !(rest[0] instanceof Pattern)));
  if (!node) return euclidPattern(first, rest[0] as Amount, rest[1] as PatternLike, rest[2] as Amount | undefined);
  return add(new EuclideanRhythmNode(live("euclid").bus, { ...(rest[0] as EuclidOptions | undefined), name: first as string }));
}

/** An arpeggiator over scale degrees, one note per trigger; `chords: name` follows a chord node. */
export function arp(name: string, o: ArpOptions = {}): Arpeggiator {
  const { bus, scales } = live("arp");
  return add(new Arpeggiator(bus, scales, { ...o, name }));
}

/** A chord progression over scale degrees, every `every` beats or on `trigger`; arpeggiators follow it with `chords: name`. */
export function chords(name: string, o: ChordsOptions = {}): ChordGenerator {
  const { bus, scales } = live("chords");
  return add(new ChordGenerator(bus, scales, { ...o, name }));
}

/** A continuous signal `fn(t)` (t in seconds) sampled `hz` times a second, published as ValueEvents named `name`. */
export function signal(name: string, fn: (t: number) => number, hz?: number): ContinuousSignal {
  return add(new ContinuousSignal(live("signal").bus, { name, fn, ...(hz !== undefined ? { hz } : {}) }));
}

/** Integrate a signal (`source`) and fire `trigger` (default: the node's name) each time the integral crosses `threshold`. */
export function integrate(name: string, o: IntegrateOptions): Integrator {
  return add(new Integrator(live("integrate").bus, { ...o, name }));
}

/** Swing the off-beats of the `input` triggers; they come out as `output`. */
export function swing(name: string, o: Omit<SwingOptions, SeedNames>): Swing {
  const { bus, sched } = live("swing");
  return add(new Swing(bus, sched, { ...o, name }));
}

/** Loosen the timing and velocity of the notes of `from`. */
export function humanize(name: string, o: Omit<HumanizeOptions, SeedNames>): Humanize {
  const { bus, sched } = live("humanize");
  return add(new Humanize(bus, sched, { ...o, name }));
}

/** Give each `input` trigger to one of `outputs`, by weight (`drop`: the weight of nobody). */
export function route(name: string, o: Omit<ProbabilityRouterOptions, SeedNames>): ProbabilityRouter {
  return add(new ProbabilityRouter(live("route").bus, { ...o, name }));
}

/** Snap the notes of `from` to a scale (and, with `grid`, to a beat grid). */
export function quantize(name: string, o: Omit<QuantizerOptions, SeedNames>): Quantizer {
  const { bus, scales, sched } = live("quantize");
  return add(new Quantizer(bus, scales, sched, { ...o, name }));
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
 * Map a MIDI controller or note to a param: `map("cc:1", "arp.gate", { min: 0.05, max: 1 })`.
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

/**
 * A pattern, played cycle by cycle (a cycle is a bar), in mini-notation or made with the pattern
 * functions: `pattern("drums", "bd*4, ~ sd, hh*8")`, `pattern("drums", every(2, rev, "bd sd hh"))`,
 * `pattern("bass", "0 <2 4> [5 4]", { scale: "dorian", root: 36, velocity: range(0.6, 1, segment(4, sine)) })`.
 * Drum names play General MIDI drums on channel 10, note names MIDI notes, numbers degrees of
 * `scale` from `root`. Live: drums.pattern = fast(2, "bd [~ bd] sd") comes in at the next bar.
 */
export function pattern(name: string, p: string | Pattern<Value>, o: Omit<PatternNodeOptions, SeedNames | "pattern"> = {}): PatternNode {
  const { bus, scales } = live("pattern");
  return add(new PatternNode(bus, scales, { ...o, name, pattern: p }));
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

/** MIL's functional harmony on the bar grid (a chord every `barsPerChord` bars); arpeggiators follow it with `chords: name`. */
export function harmony(name: string, o: HarmonyOptions = {}): HarmonyNode {
  return add(new HarmonyNode(live("harmony").bus, { ...o, name }));
}

/** Re-time the notes of `from` by one of MIL's micro-timing templates; let the sink hear this node. */
export function groove(name: string, o: Omit<GrooveNodeOptions, SeedNames>): GrooveNode {
  return add(new GrooveNode(live("groove").bus, { ...o, name }));
}

/** MIL's ornament grammar (turn, mordent, trill, grace) on the notes of `from`, auxiliaries in `scale`. */
export function ornament(name: string, o: Omit<OrnamentNodeOptions, SeedNames>): OrnamentNode {
  const { bus, scales } = live("ornament");
  return add(new OrnamentNode(bus, scales, { ...o, name }));
}

/** MIL's tension field of a composer's phrases as ValueEvents named `name` (every beat, or `hz` a second). */
export function tension(name: string, o: Omit<TensionNodeOptions, SeedNames> = {}): TensionNode {
  return add(new TensionNode(live("tension").bus, { ...o, name }));
}
