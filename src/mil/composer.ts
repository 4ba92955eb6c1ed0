/**
 * The Composer: the whole MIL pipeline, one phrase at a time. compose() runs it to the end;
 * a live node calls next() a phrase ahead, steer() to move the character's attractor (or the
 * pianist, key, mode), and end() to close on a perfect authentic cadence at the next phrase.
 */
import { choosePattern, composeAccompaniment, contrastPattern, type AccompanimentPattern } from "./accompaniment.ts";
import { ARCHETYPE_NAMES, findArchetype, type Idiom } from "./archetypes.ts";
import { dynamicLevel, leftHandGap, phraseShape, sectionLevel } from "./dynamics.ts";
import { composeBass } from "./bass.ts";
import { barBeatsOf, characterParams, metreFor, offsetCharacter, pulseOf, withMode, type Character, type Metre } from "./character.ts";
import { macroArc, ExpressionMap } from "./expression.ts";
import { listen, NO_CORRECTION, type Corrections } from "./feedback.ts";
import { CharacterFlow } from "./flow.ts";
import { endlessSection, planForm, type Section } from "./form.ts";
import { GROOVES } from "./grooves.ts";
import { keyName, registerShift, relatedKeys, type Key, type Mode } from "./keys.ts";
import { composeMelody } from "./melody.ts";
import { KeyBelief } from "./key-belief.ts";
import { ThematicMemory } from "./memory.ts";
import { generateMotif, transformMotif, type Motif, type TransformName } from "./motif.ts";
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
import { perform, type WrittenNote } from "./performance-pass.ts";
import { performanceParams, type Performance, type PerformanceParams } from "./performance-space.ts";
import { findPianist, PIANIST_NAMES } from "./pianists.ts";
import type { PedalChange, PhraseInfo, PieceNote, SectionInfo } from "./piece.ts";
import { consequentTransform, phraseLayout, TRANSFORM_PLANS, type Cadence } from "./phrases.ts";
import { progression } from "./progression.ts";
import { RHYTHM_CELLS } from "./rhythm-cells.ts";
import { streamFor, type Rng } from "./rng.ts";
import { ScaleSpace } from "./scale-space.ts";
import { registerEnvelope, tension } from "./tension.ts";

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
      if (!a) throw new MilInputError(`unknown archetype "${s.archetype}": use one of ${ARCHETYPE_NAMES.join(", ")}`);
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
      if (!p) throw new MilInputError(`unknown pianist "${s.pianist}": use one of ${PIANIST_NAMES.join(", ")}`);
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

  private compose(pp: PlannedPhrase, final: boolean): Phrase {
    const B = this.barBeats;
    const sectionStart = pp.index === 0;
    const c = this.flow.at(pp.startBar, pp.section.offset, sectionStart);
    this.lastCharacter = c;
    const p = characterParams(c);
    const key: Key = final ? this.home : this.sectionKey;
    const startBeat = this.beatOfBar(pp.startBar);
    const endBeat = startBeat + pp.bars * B;

    // Thematic memory: when the theme has faded, recall it (identity or fragmentation).
    let transform = pp.transform;
    const pressure = this.memory.recallPressure(startBeat, p.recallThreshold);
    if (pressure > 0.15 && transform !== "identity" && this.rngs.plan.chance(Math.min(0.9, 2 * pressure))) {
      transform = this.rngs.plan.chance(0.7) ? "identity" : "fragmentation";
    }

    const chords = progression({ bars: pp.bars, barBeats: B, cadence: pp.cadence, mode: key.mode, character: c, params: p, final }, this.rngs.harmony);
    const trend = this.tensions.length >= 2 ? this.tensions[this.tensions.length - 1]! - this.tensions[this.tensions.length - 2]! : 0;
    const centre = p.melodyCentre + registerShift(key.tonic);
    const intensity = (bar: number) => this.intensityAt(pp.startBar + bar);
    const home = pp.section.role === "A" || pp.section.role === "A'";
    const pattern = this.idiom.texture ?? (home ? this.idiom.homeTexture : undefined) ?? this.pattern;
    const section = sectionLevel(pp.section.role, pp.section.dynamicBase, c.volatility);
    const level = (bar: number) => dynamicLevel(p.baseVelocity, intensity(bar), section, phraseShape(bar, pp.bars));
    const gap = leftHandGap(c.lyricism);
    const leftLevel = (bar: number) => level(bar) - gap;
    const envelope = registerEnvelope(centre, intensity(0), c.energy, 6 * Math.max(0, trend) + this.corrections.range / 2);
    const consequent = pp.cadence === "authentic" && pp.index > 0;
    const melody = composeMelody(
      {
        bars: pp.bars,
        barBeats: B,
        pulse: pulseOf(this.metre),
        cadence: pp.cadence,
        final,
        consequent,
        key,
        chords,
        motif: transformMotif(this.motif, transform),
        transform,
        character: c,
        params: p,
        centre,
        envelope,
        intensity,
        cells: RHYTHM_CELLS[this.metre],
        densityBias: this.corrections.density,
        velocityBias: this.corrections.velocity,
        dynamicBase: pp.section.dynamicBase,
        level,
        idiomAccents: this.idiom.accents !== undefined,
        tensionTrend: trend,
      },
      this.rngs.melody,
    );
    const finalPitch = melody.notes[melody.notes.length - 1]!.pitch;
    const accompaniment = composeAccompaniment(
      {
        bars: pp.bars,
        metre: this.metre,
        key,
        chords,
        pattern,
        character: c,
        intensity,
        level: leftLevel,
        final,
        finalMelodyPitch: finalPitch,
        // Not in the specification: the left hand's register follows darkness and energy too,
        // and stays under the melody's centre (no voice crossing), so dark pieces sound dark.
        anchor: Math.round(55 - 8 * c.darkness + 2 * c.energy),
        ceiling: Math.max(Math.round(55 - 8 * c.darkness + 2 * c.energy) + 14, Math.min(79, centre - 2)),
      },
      this.rngs.texture,
    );
    const texture = { bars: pp.bars, metre: this.metre, key, chords, pattern, character: c, intensity, level: leftLevel };
    const bass = composeBass({ ...texture, previous: this.lastBass, final, ...(this.idiom.bass ? { style: this.idiom.bass } : {}) });
    this.lastBass = bass[bass.length - 1]?.pitch ?? this.lastBass;

    // Listen to what came out: tension for the next phrase's shape, feedback for its targets.
    const t = tension(
      {
        chordRoots: chords.map((s) => s.chord.root),
        melody: melody.notes.map((n) => ({ pitch: n.pitch, beatInBar: n.beat % B, duration: n.duration })),
        centre,
        barBeats: B,
      },
      c,
    );
    this.tensions.push(t);
    let entropy = 0;
    for (const n of melody.notes) entropy += this.belief.hear(n.pitch);
    const uncertainty = entropy / Math.max(1, melody.notes.length);
    this.corrections = listen(melody.notes, pp.bars * B, p);
    this.memory.record(transform, startBeat);

    // The performer breathes at authentic cadences and slows into the final bar.
    const rubato = p.rubatoMagnitude * this.perfParams.rubatoScale;
    if (final) this.expression.ritardando(endBeat - 2 * B, endBeat, 0.12 + rubato);
    else if (pp.cadence === "authentic") this.expression.ritardando(endBeat - B / 2, endBeat, rubato);

    const written: WrittenNote[] = [
      ...melody.notes.map((n) => ({ voice: "melody" as const, beat: startBeat + n.beat, duration: n.duration, pitch: n.pitch, velocity: n.velocity, cadence: n.role === "cadence" })),
      ...accompaniment.map((n) => ({ voice: "accompaniment" as const, beat: startBeat + n.beat, duration: n.duration, pitch: n.pitch, velocity: n.velocity })),
      ...bass.map((n) => ({ voice: "bass" as const, beat: startBeat + n.beat, duration: n.duration, pitch: n.pitch, velocity: n.velocity })),
    ];
    const placed = chords.map((s) => ({ beat: startBeat + s.beat, beats: s.beats, chord: s.chord }));
    const groove = this.options.groove ? GROOVES[this.options.groove] : undefined;
    const played = perform(
      {
        notes: written,
        chords: placed,
        phraseStart: startBeat,
        phraseEnd: endBeat,
        barBeats: B,
        character: c,
        params: p,
        perf: this.perfParams,
        groove,
        scale: new ScaleSpace(key),
        expression: this.expression,
        final,
        ...(this.idiom.accents ? { accents: { unit: this.metre === "6/8" ? 0.5 : 1, ...this.idiom.accents } } : {}),
      },
      this.rngs.perform,
    );
    played.notes.sort((a, b) => a.timeSeconds - b.timeSeconds || a.pitch - b.pitch);

    const info: PhraseInfo = {
      index: this.phraseCount++,
      startBar: pp.startBar,
      startBeat,
      metre: this.metre,
      barBeats: B,
      bars: pp.bars,
      section: pp.section.role,
      keyName: keyName(key),
      tonic: key.tonic,
      mode: key.mode,
      cadence: pp.cadence,
      transform,
      statements: melody.statements.map((s) => ({ ...s, beat: startBeat + s.beat })),
      chords: placed,
      tension: t,
      uncertainty,
      character: c,
      pattern,
      final,
    };
    this.nextBar = pp.startBar + pp.bars;
    return { info, notes: played.notes, pedal: played.pedal };
  }
}
