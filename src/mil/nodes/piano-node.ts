/**
 * The piano: the MIL composer playing live on the bus. It composes phrase by phrase, one phrase
 * ahead of the clock, and plays each on the daemon's tempo and bar grid: a phrase starts on a bar
 * line, its notes sit at their written (and grooved) beats, and the pianist's rubato moves them
 * by a bounded offset around the grid — never drifting from it. Its params steer the composer:
 * a new archetype or character value becomes the attractor of the character flow, and the music
 * moves toward it at the speed the viscosity gives.
 */
import type { EventBus } from "../../core/bus.ts";
import { ControlChangeEvent, NoteEvent, ParamChangeEvent, TimeSignatureEvent } from "../../core/events.ts";
import { Node, type NodeOptions } from "../../core/node.ts";
import { boolParam, choiceParam, intParam, knob, numberParam, readKnobs } from "../../core/params.ts";
import { PPQ } from "../../core/time.ts";
import { ARCHETYPE_NAMES } from "../archetypes.ts";
import { CHARACTER_DIMENSIONS, type Character } from "../character.ts";
import { Composer, type Phrase, type Steering } from "../composer.ts";
import { KEY_NAMES } from "../keys.ts";
import type { ComposeOptions } from "../options.ts";
import { PERFORMANCE_DIMENSIONS, type Performance } from "../performance-space.ts";
import { PIANIST_NAMES } from "../pianists.ts";
import type { PhraseInfo } from "../piece.ts";

export interface PianoOptions extends NodeOptions {
  archetype?: string;
  character?: Partial<Character> | readonly number[];
  pianist?: string;
  performance?: Partial<Performance> | readonly number[];
  key?: string;
  mode?: "major" | "minor";
  /** The composer's own seed (default: the node's random stream, i.e. system seed + name). */
  seed?: string | number;
  channel?: number;
  /** Let the piano's character drive the daemon's tempo (smoothly). */
  leadTempo?: boolean;
}

/** The piano's own knobs; the composer's (archetype, character, key …) are checked by the composer. */
const KNOBS = {
  channel: knob(intParam(0, 15), 0),
  leadTempo: knob(boolParam(), false),
};

/** How far the pianist's rubato may move a note from its grid position, in beats. */
export const RUBATO_LIMIT_BEATS = 0.25;

export interface PlayingPhrase {
  info: PhraseInfo;
  /** When it was composed (a phrase ahead of when it plays). */
  composedTick: number;
  startTick: number;
  endTick: number;
}

export class PianoNode extends Node {
  readonly kind = "piano";
  readonly composer: Composer;
  channel: number;
  leadTempo: boolean;
  archetype: string;
  /** A character dimension was set by hand since the archetype was chosen. */
  adjusted = false;
  /** Phrases scheduled and not yet over (the one playing and the one composed ahead). */
  readonly phrases: PlayingPhrase[] = [];
  /** Every phrase composed so far, oldest first (the last 256), for `.piano` and for analysis. */
  readonly history: PlayingPhrase[] = [];
  private ending = false;
  private finished = false;
  /** The metre last announced to the recorders. */
  private announcedMetre: string | undefined;

  constructor(bus: EventBus, options: PianoOptions = {}) {
    super(bus, "piano", options);
    const o: ComposeOptions = {
      ...(options.archetype !== undefined ? { archetype: options.archetype } : {}),
      ...(options.character !== undefined ? { character: options.character as never } : {}),
      ...(options.pianist !== undefined ? { pianist: options.pianist } : {}),
      ...(options.performance !== undefined ? { performance: options.performance as never } : {}),
      ...(options.key !== undefined ? { key: options.key } : {}),
      ...(options.mode !== undefined ? { mode: options.mode } : {}),
      seed: options.seed ?? `${String(bus.seed)}/${this.name}`,
    };
    if (options.archetype === undefined && options.character === undefined) o.archetype = "Nocturne";
    this.composer = new Composer(o);
    this.archetype = options.archetype ?? (options.character !== undefined ? "Custom" : "Nocturne");
    const k = readKnobs(this.name, KNOBS, options);
    this.channel = k.channel;
    this.leadTempo = k.leadTempo;

    const steer = (s: Steering) => this.composer.steer(s);
    this.defineParam("archetype", choiceParam(() => ARCHETYPE_NAMES, "archetype"), () => this.archetype, (a) => {
      steer({ archetype: a });
      this.archetype = a;
      this.adjusted = false;
    });
    this.defineParam("pianist", choiceParam(() => PIANIST_NAMES, "pianist"), () => this.composer.pianist, (p) => steer({ pianist: p }));
    for (const dim of CHARACTER_DIMENSIONS) {
      this.defineParam(dim, numberParam(0, 1), () => this.composer.character[dim], (v) => {
        steer({ character: { [dim]: v } });
        this.adjusted = true;
      });
    }
    for (const dim of PERFORMANCE_DIMENSIONS) {
      this.defineParam(dim, numberParam(0, 1), () => this.composer.performance[dim], (v) => steer({ performance: { [dim]: v } }));
    }
    this.defineParam("key", choiceParam(() => KEY_NAMES, "key"), () => KEY_NAMES[this.composer.homeTonic]!, (k) => steer({ key: k }));
    this.defineParam("mode", choiceParam(() => ["major", "minor"] as const, "mode"), () => this.composer.homeMode, (m) => steer({ mode: m }));
    this.defineKnob("channel", KNOBS.channel, () => this.channel, (c) => (this.channel = c));
    this.defineKnob("leadTempo", KNOBS.leadTempo, () => this.leadTempo, (v) => (this.leadTempo = v));
    this.defineParam("end", boolParam(), () => this.ending, (v) => v && this.end());
  }

  /**
   * A reload: take the params the patch edited. A new archetype brings its own character, so
   * the dimensions that changed with it are not set again one by one (that would mark them as
   * set by hand); a pianist likewise brings its performance.
   */
  override adopt(newer: this, params?: readonly string[]): void {
    let list = params ?? Object.keys(newer.params());
    if (list.includes("archetype")) list = list.filter((p) => !(CHARACTER_DIMENSIONS as readonly string[]).includes(p));
    if (list.includes("pianist")) list = list.filter((p) => !(PERFORMANCE_DIMENSIONS as readonly string[]).includes(p));
    super.adopt(newer, list);
  }

  /** Finish on a perfect authentic cadence at the end of the next phrase composed. */
  end(): void {
    this.ending = true;
    this.composer.end();
  }

  get done(): boolean {
    return this.finished;
  }

  /** The phrase sounding at `tick` (default now). */
  phraseAt(tick: number = this.bus.now): PlayingPhrase | undefined {
    return this.phrases.find((p) => p.startTick <= tick && tick < p.endTick);
  }

  protected override onStart(): void {
    // Come in on the next bar line of the session (4/4 bars of the main grid).
    const bar = 4 * PPQ;
    const start = Math.ceil(this.bus.now / bar) * bar;
    this.schedulePhrase(start);
  }

  /** Compose the next phrase and lay it out from `startTick`; when it starts, compose the one after. */
  private schedulePhrase(startTick: number): void {
    const phrase = this.composer.next();
    if (!phrase) {
      this.finished = true;
      return;
    }
    const startBeat = phrase.info.startBeat;
    const endTick = startTick + Math.round(phrase.info.bars * phrase.info.barBeats * PPQ);
    if (phrase.info.metre !== this.announcedMetre) {
      // The piano's bars are the recording's: a waltz writes 3/4 where it starts, a steer to a march 4/4 where it changes.
      const metre = phrase.info.metre;
      this.announcedMetre = metre;
      const [numerator, denominator] = metre.split("/").map(Number) as [number, number];
      this.at(startTick, () => this.publish(new TimeSignatureEvent({ numerator, denominator })));
    }
    const playing: PlayingPhrase = { info: phrase.info, composedTick: this.bus.now, startTick, endTick };
    this.phrases.push(playing);
    this.history.push(playing);
    if (this.history.length > 256) this.history.shift();
    this.layOut(phrase, startTick, startBeat);
    this.at(startTick, () => {
      while (this.phrases.length > 0 && this.phrases[0]!.endTick <= startTick) this.phrases.shift();
      if (this.leadTempo) this.leadTheTempo();
      if (!phrase.info.final) this.schedulePhrase(endTick);
    });
    this.at(endTick, () => {
      if (phrase.info.final) this.finished = true;
    });
  }

  private layOut(phrase: Phrase, startTick: number, startBeat: number): void {
    const bpm = this.composer.bpm;
    const first = phrase.notes[0];
    // Rubato: how far the played time strays from the written beat, relative to the phrase's first note.
    const stray = (beat: number, seconds: number) => (seconds * bpm) / 60 - beat;
    const base = first ? stray(first.playedBeat, first.timeSeconds) : 0;
    for (const n of phrase.notes) {
      const rubato = Math.max(-RUBATO_LIMIT_BEATS, Math.min(RUBATO_LIMIT_BEATS, stray(n.playedBeat, n.timeSeconds) - base));
      const tick = Math.max(startTick, Math.round(startTick + (n.playedBeat - startBeat + rubato) * PPQ));
      this.at(tick, () =>
        this.publish(new NoteEvent({ pitch: n.pitch, velocity: n.velocity / 127, gateBeats: Math.max(1 / 64, n.durationBeats), channel: this.channel })),
      );
    }
    for (const p of phrase.pedal) {
      const tick = Math.max(startTick, Math.round(startTick + (p.playedBeat - startBeat) * PPQ));
      this.at(tick, () => this.publish(new ControlChangeEvent({ channel: this.channel, controller: 64, value: p.value })));
    }
  }

  /** Move the session's tempo a step toward the piano's own, once a phrase. */
  private leadTheTempo(): void {
    const clock = "clock";
    const now = this.bus.timeline.tempo.bpmAt(this.bus.now);
    const target = this.composer.characterBpm;
    const next = Math.round((now + 0.5 * (target - now)) * 10) / 10;
    if (Math.abs(next - now) >= 0.5) this.publish(new ParamChangeEvent({ target: clock, param: "bpm", value: next }));
  }

  protected override onStop(): void {
    // Sounding notes are the sink's to release (the node stopped); the pedal comes up.
    this.publish(new ControlChangeEvent({ channel: this.channel, controller: 64, value: 0 }));
  }
}
