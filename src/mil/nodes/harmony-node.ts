/**
 * HarmonyNode: MIL's functional progression generator on its own, on the bar grid (counted from
 * tick 0). Phrases of four bars (×`barsPerChord`) in antecedent / consequent pairs, each ending in
 * its cadence (half: …PD V; authentic: …PD V(7) | I), sections A B A′ C A′ with B and C in related
 * keys, colour chords as the character allows. Each chord change publishes a ChordEvent named
 * after the node (degrees in the key's scale, exact pitch classes, voiced pitches), so
 * `arp(…, { chords: name })` follows it; `chord`, `keyName` and `phrase` say where it is.
 * The chords of phrase n are a pure function of (seed, n, key, mode, character): a reload or a
 * seek replays them. Param changes take effect at the next phrase; a new character (an archetype,
 * a dimension) is reached the way the composer's character flow reaches it, (c − a)·e^(−μ·bars)
 * phrase by phrase, μ = 0.1 + 0.3(1 − v), so a steered harmony arrives with the piano it serves.
 */
import type { EventBus } from "../../core/bus.ts";
import { ChordEvent, NoteEvent } from "../../core/events.ts";
import { Node, type NodeOptions } from "../../core/node.ts";
import { boolParam, intParam, knob, numberParam, readKnobs, stringParam } from "../../core/params.ts";
import { PPQ } from "../../core/time.ts";
import { CONTEXT_PRIORITY } from "../../core/timeline.ts";
import { findArchetype } from "../archetypes.ts";
import { CHARACTER_DIMENSIONS, mixCharacters, type Character } from "../character.ts";
import type { ChordDevice, HarmonicFunction } from "../chords.ts";
import { keyName, type Mode } from "../keys.ts";
import { chordDegrees, chordPitchClasses, planPhrase, PHRASE_BARS, voiceChord, type PlannedPhrase } from "./harmony-plan.ts";
import { archetypeParam, CUSTOM, keyParam, modeParam, resolveCharacter, type CharacterOptions } from "./shared.ts";

export interface HarmonyNodeOptions extends NodeOptions, CharacterOptions {
  /** Home key: "C", "F#", "Bb" … or a pitch class (default C). */
  key?: string | number;
  mode?: Mode;
  /** Seed of the progression (default: the system seed and the node's name). */
  seed?: string | number;
  /** Beats in a bar of the grid (default 4). */
  beatsPerBar?: number;
  /** Bars each harmonic bar lasts: 2 halves the harmonic rhythm, 0.5 doubles it (default 1). */
  barsPerChord?: number;
  /** Lowest pitch of the voiced chord (default 48). */
  root?: number;
  /** B and C sections in related keys (default true). */
  modulate?: boolean;
  /** Also sound each chord as NoteEvents (default false). */
  play?: boolean;
  velocity?: number;
  channel?: number;
}

/** The chord sounding now, as the node published it. */
export interface HarmonyChord {
  /** roman numeral in its key: "V7", "ii°", "bII6", "V7/vi" */
  symbol: string;
  fn: HarmonicFunction;
  device: ChordDevice;
  keyName: string;
  /** absolute pitch classes, bass first */
  pitchClasses: number[];
  pitches: number[];
  degrees: number[];
  tick: number;
  beats: number;
}

const KNOBS = {
  key: knob(keyParam, keyParam.check("C")),
  mode: knob(modeParam, "major" as Mode),
  beatsPerBar: knob(intParam(1, 16), 4),
  barsPerChord: knob(numberParam(0.25, 16), 1),
  root: knob(intParam(0, 115), 48),
  modulate: knob(boolParam(), true),
  play: knob(boolParam(), false),
  velocity: knob(numberParam(0, 1), 0.6),
  channel: knob(intParam(0, 15), 0),
};

export class HarmonyNode extends Node {
  readonly kind = "harmony";
  key: number;
  mode: Mode;
  archetype: string;
  character: Character;
  seed: string;
  beatsPerBar: number;
  barsPerChord: number;
  root: number;
  modulate: boolean;
  play: boolean;
  velocity: number;
  channel: number;
  /** The chord sounding now (undefined before the first change). */
  chord: HarmonyChord | undefined;
  /** The phrase being played: index, section, key, cadence, chords. */
  phrase: PlannedPhrase | undefined;
  /** Where the character was when it was last steered, and the first phrase that moves toward the new one. */
  private flow: { from: Character; phrase: number } | undefined;

  constructor(bus: EventBus, options: HarmonyNodeOptions = {}) {
    super(bus, "harmony", options);
    const who = this.name;
    const k = readKnobs(who, KNOBS, options);
    this.key = k.key;
    this.mode = k.mode;
    ({ archetype: this.archetype, character: this.character } = resolveCharacter(options, who));
    this.seed = String(options.seed ?? `${String(bus.seed)}/${this.name}`);
    this.beatsPerBar = k.beatsPerBar;
    this.barsPerChord = k.barsPerChord;
    this.root = k.root;
    this.modulate = k.modulate;
    this.play = k.play;
    this.velocity = k.velocity;
    this.channel = k.channel;
    this.defineKnob("key", KNOBS.key, () => this.key, (key) => (this.key = key));
    this.defineKnob("mode", KNOBS.mode, () => this.mode, (m) => (this.mode = m));
    this.defineParam("archetype", archetypeParam, () => this.archetype, (a) => {
      this.archetype = a;
      if (a !== CUSTOM) this.steerTo(findArchetype(a)!.character);
    });
    for (const dim of CHARACTER_DIMENSIONS) {
      this.defineParam(dim, numberParam(0, 1), () => this.character[dim], (x) => {
        this.steerTo({ ...this.character, [dim]: x });
        this.archetype = CUSTOM;
      });
    }
    this.defineParam("seed", stringParam(), () => this.seed, (s) => (this.seed = s));
    this.defineKnob("beatsPerBar", KNOBS.beatsPerBar, () => this.beatsPerBar, (b) => (this.beatsPerBar = b));
    this.defineKnob("barsPerChord", KNOBS.barsPerChord, () => this.barsPerChord, (b) => (this.barsPerChord = b));
    this.defineKnob("root", KNOBS.root, () => this.root, (r) => (this.root = r));
    this.defineKnob("modulate", KNOBS.modulate, () => this.modulate, (m) => (this.modulate = m));
    this.defineKnob("play", KNOBS.play, () => this.play, (p) => (this.play = p));
    this.defineKnob("velocity", KNOBS.velocity, () => this.velocity, (v) => (this.velocity = v));
    this.defineKnob("channel", KNOBS.channel, () => this.channel, (c) => (this.channel = c));
  }

  /** The key of the chord sounding now ("G major"), or the home key before the first chord. */
  get keyName(): string {
    return this.chord?.keyName ?? keyName({ tonic: this.key, mode: this.mode });
  }

  /** Ticks of one phrase at the current settings. */
  get phraseTicks(): number {
    return Math.round(PHRASE_BARS * this.beatsPerBar * this.barsPerChord * PPQ);
  }

  /** The new character becomes the attractor: the phrases after the one sounding move toward it. */
  private steerTo(target: Character): void {
    const now = this.phrase?.index ?? 0;
    this.flow = { from: this.characterAt(now), phrase: now + 1 };
    this.character = target;
  }

  /** The character phrase `index` is planned with: the attractor, or on its way there since the last steer. */
  characterAt(index: number): Character {
    const f = this.flow;
    if (!f) return this.character;
    if (index < f.phrase) return f.from;
    const mu = 0.1 + 0.3 * (1 - this.character.volatility);
    const bars = (index - f.phrase + 1) * PHRASE_BARS * this.barsPerChord;
    return mixCharacters(f.from, this.character, 1 - Math.exp(-mu * bars));
  }

  /** Phrase `index` as this node would play it now (pure: the same settings give the same chords). */
  planAt(index: number): PlannedPhrase {
    return planPhrase(
      { seed: this.seed, home: { tonic: this.key, mode: this.mode }, character: this.characterAt(index), beatsPerBar: this.beatsPerBar, modulate: this.modulate },
      index,
    );
  }

  protected override onStart(): void {
    const now = this.bus.now;
    const n = Math.floor(now / this.phraseTicks);
    this.enterPhrase(n, n * this.phraseTicks, now);
  }

  /** Schedule the chords of phrase `n` starting at `start` (those ending after `from`), then the next phrase. */
  private enterPhrase(n: number, start: number, from: number): void {
    const plan = this.planAt(n);
    this.phrase = plan;
    const scale = this.barsPerChord * PPQ;
    for (const span of plan.chords) {
      const tick = start + Math.round(span.beat * scale);
      const end = start + Math.round((span.beat + span.beats) * scale);
      if (end <= from) continue;
      this.at(Math.max(tick, from), () => this.change(plan, span.chord, tick, end), CONTEXT_PRIORITY);
    }
    const next = start + this.phraseTicks;
    this.at(next, () => this.enterPhrase(n + 1, next, next), CONTEXT_PRIORITY);
  }

  private change(plan: PlannedPhrase, chord: PlannedPhrase["chords"][number]["chord"], tick: number, end: number): void {
    const pitchClasses = chordPitchClasses(chord, plan.key);
    const pitches = voiceChord(pitchClasses, this.root).filter((p) => p <= 127);
    const degrees = chordDegrees(chord, plan.key);
    this.chord = { symbol: chord.symbol, fn: chord.fn, device: chord.device, keyName: plan.keyName, pitchClasses, pitches, degrees, tick, beats: (end - tick) / PPQ };
    this.publish(new ChordEvent({ name: this.name, degrees, pitches, pitchClasses, symbol: chord.symbol }));
    if (!this.play) return;
    const gateBeats = (end - this.bus.now) / PPQ;
    for (const pitch of pitches) this.publish(new NoteEvent({ pitch, velocity: this.velocity, gateBeats, channel: this.channel, meta: { chord: chord.symbol } }));
  }
}
