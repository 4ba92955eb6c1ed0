/**
 * TensionNode: MIL's tension field T ∈ [0, 1] as a control signal. It runs a Composer (the
 * phrase and section plan of the live composer: antecedent / consequent pairs, A B A′ C A′,
 * related keys, the macro arc, the character flow) a phrase ahead of the clock, and at every
 * sample publishes a ValueEvent named after the node: the tension formula of the specification
 * (harmonic, melodic, rhythmic, registral) over the last `window` beats of the written music.
 * It rises through a phrase toward its cadence and falls when an authentic cadence resolves;
 * an `integrate(…, { source: name })` turns it into triggers — faster the tenser the music.
 * Samples fall every `every` beats, or `hz` times a second when `hz` is given.
 */
import type { EventBus } from "../../core/bus.ts";
import { ValueEvent } from "../../core/events.ts";
import { Node, type NodeOptions } from "../../core/node.ts";
import { knob, numberParam, readKnobs } from "../../core/params.ts";
import { beatsToTicks, PPQ } from "../../core/time.ts";
import { findArchetype } from "../archetypes.ts";
import { CHARACTER_DIMENSIONS, characterParams, type Character } from "../character.ts";
import { Composer, type Phrase } from "../composer.ts";
import { registerShift, type Mode } from "../keys.ts";
import type { PhraseInfo } from "../piece.ts";
import { tension } from "../tension.ts";
import { archetypeParam, checked, CUSTOM, keyParam, modeParam, resolveCharacter, type CharacterOptions } from "./shared.ts";

export interface TensionNodeOptions extends NodeOptions, CharacterOptions {
  key?: string | number;
  mode?: Mode;
  seed?: string | number;
  every?: number;
  everyBeats?: number;
  hz?: number;
  window?: number;
  windowBeats?: number;
}

const KNOBS = {
  /** Beats between samples … */
  every: knob(numberParam(1 / 64, 64), 1, "everyBeats"),
  /** … or samples per second of the clock. */
  hz: knob<number | undefined>(numberParam(0.01, 1000), undefined),
  /** How much of the music each value hears, in beats (0: one bar of the composer's metre). */
  window: knob(numberParam(0, 64), 0, "windowBeats"),
};

interface Heard {
  start: number;
  end: number;
  info: PhraseInfo;
  centre: number;
  melody: { beat: number; duration: number; pitch: number }[];
}

export class TensionNode extends Node {
  readonly kind = "tension";
  archetype: string;
  character: Character;
  everyBeats: number;
  hz: number | undefined;
  /** The window in beats as given; 0 = one bar of the composer's metre (see `windowBeats`). */
  window: number;
  /** The last value published (0 before the first sample). */
  value = 0;
  private readonly composer: Composer;
  private heard: Heard[] = [];
  private composedUntil = 0;
  private sample = 0;
  private cancel: (() => void) | undefined;
  private lastTick = -1;

  constructor(bus: EventBus, options: TensionNodeOptions = {}) {
    super(bus, "tension", options);
    ({ archetype: this.archetype, character: this.character } = resolveCharacter(options, this.name));
    const key = checked(this.name, "key", () => keyParam.check(options.key ?? "C"));
    const mode = checked(this.name, "mode", () => modeParam.check(options.mode ?? "major"));
    const seed = String(options.seed ?? `${String(bus.seed)}/${this.name}`);
    const who = this.archetype === CUSTOM ? { character: this.character } : { archetype: this.archetype };
    this.composer = new Composer({ ...who, key, mode, seed });
    const knobs = readKnobs(this.name, KNOBS, options);
    this.everyBeats = knobs.every;
    this.hz = knobs.hz;
    this.window = knobs.window;
    this.defineParam("archetype", archetypeParam, () => this.archetype, (a) => {
      this.archetype = a;
      if (a === CUSTOM) return;
      this.character = findArchetype(a)!.character;
      this.composer.steer({ archetype: a });
    });
    for (const dim of CHARACTER_DIMENSIONS) {
      this.defineParam(dim, numberParam(0, 1), () => this.character[dim], (x) => {
        this.character = { ...this.character, [dim]: x };
        this.archetype = CUSTOM;
        this.composer.steer({ character: { [dim]: x } });
      });
    }
    let k = key;
    let m = mode;
    this.defineParam("key", keyParam, () => k, (v) => ((k = v), this.composer.steer({ key: v })));
    this.defineParam("mode", modeParam, () => m, (v) => ((m = v), this.composer.steer({ mode: v })));
    this.defineKnob("every", KNOBS.every, () => this.everyBeats, (b) => this.retime(() => (this.everyBeats = b)));
    this.defineKnob("window", KNOBS.window, () => this.window, (w) => (this.window = w));
  }

  /** The beats in a bar of the composer's metre (3 for a waltz). */
  get barBeats(): number {
    return this.composer.barBeats;
  }

  /** How much of the music each value hears, in beats. */
  get windowBeats(): number {
    return this.window > 0 ? this.window : this.barBeats;
  }

  /** The phrase sounding at `beat` (composing up to it if needed; phrases long past are forgotten). */
  phraseAt(beat: number): PhraseInfo | undefined {
    this.hear(beat);
    return this.heard.find((h) => h.start <= beat && beat < h.end)?.info;
  }

  /** T over the window of written music ending at `beat` (composing up to it if needed). */
  tensionAt(beat: number): number {
    this.hear(beat + 1);
    const from = beat - this.windowBeats;
    const roots: number[] = [];
    const melody: { pitch: number; beatInBar: number; duration: number }[] = [];
    let centre = 0;
    let centres = 0;
    for (const h of this.heard) {
      if (h.end <= from || h.start >= beat) continue;
      // Harmony weighted by how long each chord sounds in the window (half-beat samples).
      for (let b = Math.max(from, h.start); b < Math.min(beat, h.end); b += 0.5) {
        const c = h.info.chords.find((s) => s.beat <= b + 1e-9 && b < s.beat + s.beats - 1e-9);
        if (c) roots.push(c.chord.root);
      }
      for (const n of h.melody) {
        if (n.beat >= from && n.beat < beat) melody.push({ pitch: n.pitch, beatInBar: (n.beat - h.start) % this.barBeats, duration: n.duration });
      }
      centre += h.centre;
      centres++;
    }
    if (roots.length === 0 && melody.length === 0) return 0;
    const c = this.heard.find((h) => h.start <= beat && beat <= h.end)?.info.character ?? this.character;
    return tension({ chordRoots: roots, melody, centre: centre / Math.max(1, centres), barBeats: this.barBeats }, c);
  }

  protected override onStart(): void {
    const now = this.bus.now;
    const at = this.hz !== undefined ? this.bus.timeline.tempo.toSeconds(now) * this.hz : now / beatsToTicks(this.everyBeats);
    this.sample = Math.max(0, Math.ceil(at - 1e-9));
    this.schedule();
  }

  private tickOf(sample: number): number {
    return this.hz !== undefined ? this.bus.timeline.tempo.toTicks(sample / this.hz) : sample * beatsToTicks(this.everyBeats);
  }

  private schedule(): void {
    this.cancel = this.at(this.tickOf(this.sample), () => this.emit());
  }

  private emit(): void {
    this.lastTick = this.bus.now;
    this.sample++;
    this.schedule();
    this.value = this.tensionAt(this.bus.now / PPQ);
    this.publish(new ValueEvent({ name: this.name, value: this.value }));
  }

  private retime(apply: () => void): void {
    const tick = this.bus.now;
    apply();
    if (!this.isRunning || this.hz !== undefined) return;
    this.cancel?.();
    // The next grid line from now on, unless a sample already fell on it.
    this.sample = Math.ceil(Math.max(tick, this.lastTick + 1) / beatsToTicks(this.everyBeats) - 1e-9);
    this.schedule();
  }

  /** Compose until the music reaches `beat`; forget what the window can no longer hear. */
  private hear(beat: number): void {
    while (this.composedUntil <= beat) {
      const p: Phrase | undefined = this.composer.next();
      if (!p) break;
      const start = p.info.startBeat;
      const end = start + p.info.bars * p.info.barBeats;
      const centre = characterParams(p.info.character).melodyCentre + registerShift(p.info.tonic);
      const melody = p.notes.filter((n) => n.voice === "melody" && !n.ornament).map((n) => ({ beat: n.beat, duration: n.durationBeats, pitch: n.pitch }));
      this.heard.push({ start, end, info: p.info, centre, melody });
      this.composedUntil = end;
    }
    const keepFrom = beat - this.windowBeats - 64;
    this.heard = this.heard.filter((h) => h.end > keepFrom);
  }
}
