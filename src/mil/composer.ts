/**
 * The Composer: the whole MIL pipeline, one phrase at a time. compose() runs it to the end;
 * a live node calls next() a phrase ahead, steer() to move the character's attractor (or the
 * pianist, key, mode), and end() to close on a perfect authentic cadence at the next phrase.
 */
import { unknownName } from "../core/did-you-mean.ts";
import { choosePattern, contrastPattern, type AccompanimentPattern } from "./accompaniment.ts";
import { ARCHETYPE_NAMES, findArchetype, type Idiom } from "./archetypes.ts";
import { barBeatsOf, characterParams, metreFor, offsetCharacter, withMode, type Character, type CharacterParams, type Metre } from "./character.ts";
import { macroArc, ExpressionMap } from "./expression.ts";
import { listen, NO_CORRECTION, type Corrections } from "./feedback.ts";
import { CharacterFlow } from "./flow.ts";
import { endlessSection, planForm, type Section } from "./form.ts";
import { GROOVES } from "./grooves.ts";
import { keyName, relatedKeys, type Key, type Mode } from "./keys.ts";
import { KeyBelief } from "./key-belief.ts";
import { ThematicMemory } from "./memory.ts";
import { generateMotif, type Motif, type TransformName } from "./motif.ts";
import {
  MilInputError,
  resolveKey,
  resolveMode,
  resolveOptions,
  toCharacter,
  toPerformance,
  type ComposeOptions,
  type ResolvedOptions,
  type Steering,
} from "./options.ts";
import { perform, type PhraseToPlay } from "./performance-pass.ts";
import { performanceParams, type Performance, type PerformanceParams } from "./performance-space.ts";
import { findPianist, PIANIST_NAMES } from "./pianists.ts";
import { sortByOnset, type PedalChange, type PhraseInfo, type PieceNote, type SectionInfo } from "./piece.ts";
import { consequentTransform, phraseLayout, TRANSFORM_PLANS, type Cadence } from "./phrases.ts";
import { writePhrase, writtenNotes, type PhraseScore } from "./phrase-score.ts";
import { streamFor, type Rng } from "./rng.ts";
import { ScaleSpace } from "./scale-space.ts";
import { tension } from "./tension.ts";

export interface Phrase {
  info: PhraseInfo;
  /** sorted by played time */
  notes: PieceNote[];
  pedal: PedalChange[];
}

export type { Steering } from "./options.ts";

interface PlannedPhrase {
  section: Section;
  sectionIndex: number;
  startBar: number;
  bars: number;
  cadence: Cadence;
  transform: TransformName;
  index: number;
}

/** The macro arc's period when the length is open. */
const ENDLESS_ARC_BARS = 32;

export class Composer {
  readonly options: ResolvedOptions;
  /** The metre now: fixed for a piece, changed by steering to another archetype at a section start. */
  metre: Metre;
  barBeats: number;
  readonly bpm: number;
  motif: Motif;
  readonly formName: string;

  private home: Key;
  private readonly originalHome: Key;
  /** the character as the performer gave it; `base` is it darkened for the minor mode */
  private given: Character;
  private base: Character;
  private perf: Performance;
  private perfParams: PerformanceParams;
  private pianistName: string;

  private readonly rngs: Record<"form" | "harmony" | "melody" | "texture" | "perform" | "plan", Rng>;
  private readonly flow: CharacterFlow;
  private readonly expression: ExpressionMap;
  private readonly memory = new ThematicMemory();
  private readonly belief: KeyBelief;
  private corrections: Corrections = NO_CORRECTION;
  private tensions: number[] = [];
  private readonly sections: Section[];
  private readonly sectionInfos: SectionInfo[] = [];
  private sectionIndex = -1;
  private sectionKey: Key;
  private pattern: AccompanimentPattern = "block";
  /** the texture of the last home section, which a volatile piece's contrasting sections answer */
  private homePattern: AccompanimentPattern | undefined;
  /** the genre's conventions, from the archetype (steering to another archetype brings its own) */
  private idiom: Idiom;
  private queue: PlannedPhrase[] = [];
  private phraseCount = 0;
  private nextBar = 0;
  private lastBass: number | undefined;
  private ending = false;
  private finished = false;
  private readonly climax: number;
  private lastCharacter: Character | undefined;
  /** The metre a steer asked for, taken at the next section; and where the current metre began. */
  private pendingMetre: Metre | undefined;
  /** The mode the performer asked for (none: the archetype's idiom decides, else major). */
  private askedMode: Mode | undefined;
  private metreFrom = { bar: 0, beat: 0 };

  constructor(options: ComposeOptions = {}) {
    this.options = resolveOptions(options, false);
    const o = this.options;
    this.metre = o.metre;
    this.barBeats = barBeatsOf(o.metre);
    this.bpm = o.bpm;
    this.home = { tonic: o.tonic, mode: o.mode };
    this.originalHome = this.home;
    this.sectionKey = this.home;
    this.given = o.givenCharacter;
    this.base = o.character;
    this.perf = o.performance;
    this.perfParams = performanceParams(o.performance);
    this.pianistName = o.pianist;
    this.idiom = o.idiom;
    this.askedMode = options.mode !== undefined ? o.mode : undefined;
    const s = (purpose: string) => streamFor(o.seed, purpose);
    this.rngs = { form: s("form"), harmony: s("harmony"), melody: s("melody"), texture: s("texture"), perform: s("perform"), plan: s("plan") };
    const p = characterParams(this.base);
    const halfBar = this.metre === "4/4" ? 2 : this.metre === "6/8" ? 1.5 : undefined;
    this.motif = generateMotif(this.base, p, this.barBeats, s("motif"), halfBar);
    this.flow = new CharacterFlow(this.base, s("flow"));
    this.expression = new ExpressionMap({ bpm: o.bpm, rubatoMagnitude: p.rubatoMagnitude, rubatoScale: this.perfParams.rubatoScale }, s("expression"));
    this.climax = 0.6 + 0.15 * (1 - this.base.energy);
    this.belief = new KeyBelief(this.home);
    if (o.bars !== undefined) {
      const plan = planForm(o.bars, this.base, this.home, this.rngs.form);
      this.sections = plan.sections;
      this.formName = plan.name;
    } else {
      this.sections = [];
      this.formName = "Open";
    }
  }

  get pianist(): string {
    return this.pianistName;
  }

  /** The character the flow is drawn toward (minor already darkened). */
  get character(): Character {
    return this.flow.target;
  }

  /** The character of the phrase composed last (where the flow has got to). */
  get currentCharacter(): Character {
    return this.lastCharacter ?? this.flow.target;
  }

  get performance(): Performance {
    return this.perf;
  }

  get homeKeyName(): string {
    return keyName(this.home);
  }

  get homeTonic(): number {
    return this.home.tonic;
  }

  get homeMode(): Mode {
    return this.home.mode;
  }

  /** The tempo the character of the last phrase asks for (58 + 120e + 20v, within 50–200). */
  get characterBpm(): number {
    return characterParams(this.currentCharacter).bpm;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Sections entered so far. */
  get sectionsSoFar(): SectionInfo[] {
    return this.sectionInfos.map((s) => ({ ...s }));
  }

  /** The expression map's tempo (rubato) up to a beat, for the MIDI tempo map. */
  tempoMap(untilBeat: number): { beat: number; bpm: number }[] {
    return this.expression.tempoMap(untilBeat);
  }

  /** Close at the next phrase: it will be a consequent in the home key ending with a PAC. */
  end(): void {
    this.ending = true;
  }

  steer(s: Steering): void {
    if (s.mode !== undefined) this.askedMode = resolveMode(s.mode);
    if (s.mode === undefined && this.askedMode === undefined && s.archetype !== undefined) {
      // an elegy is in minor unless the performer said otherwise; the next archetype may not be
      const mode = findArchetype(s.archetype)?.idiom.mode ?? "major";
      if (mode !== this.home.mode) s = { ...s, mode };
    }
    if (s.mode !== undefined || s.key !== undefined) {
      this.home = { tonic: s.key !== undefined ? resolveKey(s.key) : this.home.tonic, mode: s.mode !== undefined ? resolveMode(s.mode) : this.home.mode };
    }
    if (s.archetype !== undefined) {
      const a = findArchetype(s.archetype);
      if (!a) throw new MilInputError(unknownName("archetype", s.archetype, ARCHETYPE_NAMES));
      this.given = a.character;
      this.idiom = a.idiom;
      this.pendingMetre = a.metre ?? metreFor(withMode(a.character, this.home.mode));
    }
    if (s.character !== undefined) {
      this.given = Array.isArray(s.character) ? toCharacter(s.character) : toCharacter({ ...this.given, ...(s.character as Partial<Character>) });
    }
    if (s.archetype !== undefined || s.character !== undefined || s.mode !== undefined) {
      this.base = withMode(this.given, this.home.mode);
      this.flow.steer(this.base);
    }
    if (s.pianist !== undefined) {
      const p = findPianist(s.pianist);
      if (!p) throw new MilInputError(unknownName("pianist", s.pianist, PIANIST_NAMES));
      this.perf = p.performance;
      this.pianistName = p.name;
    }
    if (s.performance !== undefined) {
      this.perf = Array.isArray(s.performance) ? toPerformance(s.performance) : toPerformance({ ...this.perf, ...(s.performance as Partial<Performance>) });
      this.pianistName = "Custom";
    }
    this.perfParams = performanceParams(this.perf);
  }

  /** Compose the next phrase, or undefined when the piece is over. */
  next(): Phrase | undefined {
    if (this.finished) return undefined;
    const planned = this.nextPlanned();
    if (!planned) {
      this.finished = true;
      return undefined;
    }
    const final = this.ending || this.isLastPlanned(planned);
    if (final) {
      this.finished = true;
      planned.cadence = "authentic";
    }
    return this.compose(planned, final);
  }

  private isLastPlanned(p: PlannedPhrase): boolean {
    if (this.options.bars === undefined) return false;
    return p.startBar + p.bars >= this.options.bars;
  }

  private nextPlanned(): PlannedPhrase | undefined {
    if (this.queue.length === 0) {
      const section = this.nextSection();
      if (!section) return undefined;
      this.enterSection(section);
    }
    return this.queue.shift();
  }

  private nextSection(): Section | undefined {
    const i = this.sectionIndex + 1;
    if (this.options.bars !== undefined) return this.sections[i];
    const s = endlessSection(i, this.nextBar, this.home, this.rngs.form);
    this.sections.push(s);
    return s;
  }

  /** A planned section's key, re-read against the current home key (the performer may have steered it). */
  private keyOf(section: Section): Key {
    const k = section.key;
    if (k.tonic === this.originalHome.tonic && k.mode === this.originalHome.mode) return this.home;
    const idx = relatedKeys(this.originalHome).findIndex((r) => r.tonic === k.tonic && r.mode === k.mode);
    return idx >= 0 ? relatedKeys(this.home)[idx]! : k;
  }

  /** The beat (from the piece start) at which `bar` begins, across metre changes. */
  private beatOfBar(bar: number): number {
    return this.metreFrom.beat + (bar - this.metreFrom.bar) * this.barBeats;
  }

  /**
   * Not in the specification (its B2 fixes the bar for a piece): a steer to an archetype whose
   * idiomatic metre differs changes the bars at the next section start — a march cannot stay in
   * 6/8 — and the seed motif is made again for the new bar (the old one's durations fill the old bar), as a
   * composer of this character and metre would have made it from the same seed.
   */
  private changeMetre(bar: number, metre: Metre): void {
    this.metreFrom = { bar, beat: this.beatOfBar(bar) };
    this.metre = metre;
    this.barBeats = barBeatsOf(metre);
    const halfBar = metre === "4/4" ? 2 : metre === "6/8" ? 1.5 : undefined;
    this.motif = generateMotif(this.base, characterParams(this.base), this.barBeats, streamFor(this.options.seed, "motif"), halfBar);
  }

  private enterSection(section: Section): void {
    if (this.pendingMetre && this.pendingMetre !== this.metre) this.changeMetre(section.startBar, this.pendingMetre);
    this.pendingMetre = undefined;
    this.sectionIndex++;
    this.sectionKey = this.options.bars === undefined ? section.key : this.keyOf(section);
    this.sectionInfos.push({ role: section.role, startBar: section.startBar, bars: section.bars, keyName: keyName(this.sectionKey) });
    const attractor = offsetCharacter(this.base, section.offset);
    const home = section.role === "A" || section.role === "A'";
    this.pattern = choosePattern(attractor, this.metre, this.rngs.texture, home);
    if (home) this.homePattern = this.pattern;
    else if (this.base.volatility > 0.6 && this.homePattern) this.pattern = contrastPattern(this.homePattern, attractor.energy);
    const plan = TRANSFORM_PLANS[section.role];
    let bar = section.startBar;
    let k = 0;
    const layout = phraseLayout(section.bars);
    for (let i = 0; i < layout.length; i++) {
      const l = layout[i]!;
      let transform: TransformName;
      if (l.cadence === "authentic" && i > 0 && layout[i - 1]!.cadence === "half") {
        transform = consequentTransform(this.queue[this.queue.length - 1]!.transform, section.role, this.rngs.plan);
      } else {
        transform = plan[k % plan.length]!;
        k++;
      }
      this.queue.push({ section, sectionIndex: this.sectionIndex, startBar: bar, bars: l.bars, cadence: l.cadence, transform, index: i });
      bar += l.bars;
    }
  }

  private intensityAt(bar: number): number {
    const total = this.options.bars;
    if (total === undefined) return macroArc((bar % ENDLESS_ARC_BARS) / (ENDLESS_ARC_BARS - 1), this.climax);
    return macroArc(bar / Math.max(1, total - 1), this.climax);
  }

  /**
   * One phrase through the pipeline: where the character flow has got to, the score written for
   * it, what the composer hears in it (for the next phrase), the pianist's breath, and the
   * performance of it.
   */
  private compose(planned: PlannedPhrase, final: boolean): Phrase {
    const character = this.flow.at(planned.startBar, planned.section.offset, planned.index === 0);
    this.lastCharacter = character;
    const params = characterParams(character);
    const key = final ? this.home : this.sectionKey;
    const startBeat = this.beatOfBar(planned.startBar);
    const endBeat = startBeat + planned.bars * this.barBeats;
    const transform = this.recall(planned.transform, startBeat, params);
    const tensions = this.tensions;
    const score = writePhrase(
      {
        bars: planned.bars,
        metre: this.metre,
        barBeats: this.barBeats,
        cadence: planned.cadence,
        final,
        consequent: planned.cadence === "authentic" && planned.index > 0,
        section: planned.section,
        key,
        character,
        params,
        motif: this.motif,
        transform,
        intensity: (bar) => this.intensityAt(planned.startBar + bar),
        tensionTrend: tensions.length >= 2 ? tensions[tensions.length - 1]! - tensions[tensions.length - 2]! : 0,
        corrections: this.corrections,
        idiom: this.idiom,
        sectionPattern: this.pattern,
        previousBass: this.lastBass,
      },
      this.rngs,
    );
    this.lastBass = score.bass[score.bass.length - 1]?.pitch ?? this.lastBass;
    const heard = this.hear(score, transform, startBeat, planned.bars, character, params);
    this.breathe(planned.cadence, final, endBeat, params);
    const chords = score.chords.map((s) => ({ beat: startBeat + s.beat, beats: s.beats, chord: s.chord }));
    const played = this.play({ notes: writtenNotes(score, startBeat), chords, phraseStart: startBeat, phraseEnd: endBeat, scale: new ScaleSpace(key), character, params, final });

    const info: PhraseInfo = {
      index: this.phraseCount++,
      startBar: planned.startBar,
      startBeat,
      metre: this.metre,
      barBeats: this.barBeats,
      bars: planned.bars,
      section: planned.section.role,
      keyName: keyName(key),
      tonic: key.tonic,
      mode: key.mode,
      cadence: planned.cadence,
      transform,
      statements: score.melody.statements.map((s) => ({ ...s, beat: startBeat + s.beat })),
      chords,
      tension: heard.tension,
      uncertainty: heard.uncertainty,
      character,
      pattern: score.pattern,
      final,
    };
    this.nextBar = planned.startBar + planned.bars;
    return { info, notes: played.notes, pedal: played.pedal };
  }

  /** Thematic memory: when the theme has faded, the phrase recalls it (whole, or in fragments). */
  private recall(planned: TransformName, startBeat: number, params: CharacterParams): TransformName {
    const pressure = this.memory.recallPressure(startBeat, params.recallThreshold);
    if (pressure > 0.15 && planned !== "identity" && this.rngs.plan.chance(Math.min(0.9, 2 * pressure))) {
      return this.rngs.plan.chance(0.7) ? "identity" : "fragmentation";
    }
    return planned;
  }

  /** Listen to what came out: its tension shapes the next phrase, its surprises and feedback its targets. */
  private hear(score: PhraseScore, transform: TransformName, startBeat: number, bars: number, character: Character, params: CharacterParams) {
    const B = this.barBeats;
    const notes = score.melody.notes;
    const heardTension = tension(
      {
        chordRoots: score.chords.map((s) => s.chord.root),
        melody: notes.map((n) => ({ pitch: n.pitch, beatInBar: n.beat % B, duration: n.duration })),
        centre: score.centre,
        barBeats: B,
      },
      character,
    );
    this.tensions.push(heardTension);
    let entropy = 0;
    for (const n of notes) entropy += this.belief.hear(n.pitch);
    this.corrections = listen(notes, bars * B, params);
    this.memory.record(transform, startBeat);
    return { tension: heardTension, uncertainty: entropy / Math.max(1, notes.length) };
  }

  /** The performer breathes at authentic cadences and slows into the final bar. */
  private breathe(cadence: Cadence, final: boolean, endBeat: number, params: CharacterParams): void {
    const rubato = params.rubatoMagnitude * this.perfParams.rubatoScale;
    if (final) this.expression.ritardando(endBeat - 2 * this.barBeats, endBeat, 0.12 + rubato);
    else if (cadence === "authentic") this.expression.ritardando(endBeat - this.barBeats / 2, endBeat, rubato);
  }

  /** The pianist plays the score: groove, timing, dynamics, pedal, ornaments; notes sorted by when they sound. */
  private play(phrase: PhraseToPlay) {
    const accents = this.idiom.accents;
    const played = perform(
      phrase,
      {
        barBeats: this.barBeats,
        perf: this.perfParams,
        groove: this.options.groove ? GROOVES[this.options.groove] : undefined,
        expression: this.expression,
        accents: accents ? { unit: this.metre === "6/8" ? 0.5 : 1, beats: accents.beats, between: accents.between } : undefined,
      },
      this.rngs.perform,
    );
    sortByOnset(played.notes);
    return played;
  }
}
