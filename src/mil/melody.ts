/**
 * The melody of one phrase: statements of the (transformed) seed motif at the start of each
 * half-phrase, free bars from rhythm cells whose pitches are scored (steps, chord tones,
 * motif contour, leap resolution, register) and sampled, and a cadence note.
 */
import type { Character, CharacterParams } from "./character.ts";
import type { Key } from "./keys.ts";
import { sequenceShift, type Motif, type TransformName } from "./motif.ts";
import type { ChordSpan } from "./progression.ts";
import { cellWeights, fitCell, type RhythmCell } from "./rhythm-cells.ts";
import type { Rng } from "./rng.ts";
import { ScaleSpace } from "./scale-space.ts";
import type { RegisterEnvelope } from "./tension.ts";
import type { Cadence } from "./phrases.ts";

export type MelodyRole = "motif" | "free" | "cadence";

export interface MelodyNote {
  /** quarter notes from the phrase start */
  beat: number;
  duration: number;
  pitch: number;
  /** written loudness, before the performer */
  velocity: number;
  role: MelodyRole;
}

/** One statement of the motif, as written: the evidence for the phrase's transform tag. */
export interface MotifStatement {
  beat: number;
  pitches: number[];
  durations: number[];
  /** scale indices of the pitches in the phrase's key */
  degrees: number[];
}

export interface MelodyInput {
  bars: number;
  barBeats: number;
  pulse: number;
  cadence: Cadence;
  /** the last phrase of the piece: the cadence note fills the whole last bar */
  final: boolean;
  consequent: boolean;
  key: Key;
  chords: ChordSpan[];
  /** the seed motif already transformed for this phrase */
  motif: Motif;
  transform: TransformName;
  character: Character;
  params: CharacterParams;
  /** melody centre shifted for the key */
  centre: number;
  envelope: RegisterEnvelope;
  /** intensity (macro arc) at each bar of the phrase */
  intensity: (bar: number) => number;
  cells: readonly RhythmCell[];
  /** notes per beat the feedback asks to add (tilts the rhythm cells) */
  densityBias: number;
  /** velocity units the feedback adds */
  velocityBias: number;
  /** section loudness level (0–1) */
  dynamicBase: number;
  /** the dynamic level of each bar of the phrase (dynamics.ts): velocity before accents */
  level: (bar: number) => number;
  /** the genre's own accents replace the +8/+4 of the downbeat and mid-bar */
  idiomAccents?: boolean;
  /** tension rising (> 0) favours leaps, falling (< 0) favours steps and resolution */
  tensionTrend: number;
}

export interface Melody {
  notes: MelodyNote[];
  statements: MotifStatement[];
}

export function chordAt(chords: readonly ChordSpan[], beat: number): ChordSpan {
  return chords[chordIndexAt(chords, beat)]!;
}

/** The index of the chord span sounding at `beat` (the first span before the phrase's first chord). */
export function chordIndexAt(chords: readonly ChordSpan[], beat: number): number {
  let found = 0;
  for (let i = 0; i < chords.length; i++) if (chords[i]!.beat <= beat + 1e-9) found = i;
  return found;
}

export function composeMelody(m: MelodyInput, rng: Rng): Melody {
  const scale = new ScaleSpace(m.key);
  const notes: MelodyNote[] = [];
  const statements: MotifStatement[] = [];
  const span = m.motif.durations.reduce((s, d) => s + d, 0);
  const spanBars = Math.max(1, Math.ceil(span / m.barBeats - 1e-9));
  const cadenceBar = m.bars - 1;
  const motifBars = [0];
  if (2 + spanBars <= cadenceBar) motifBars.push(2);

  // A consequent starts a third lower than its antecedent did.
  const start = scale.pitch(scale.index(m.centre - (m.consequent ? 3 : 0)));
  const state: FillState = { last: start, pendingResolution: 0, cell: undefined, motifStep: 0 };
  let firstStart: number | undefined;

  for (let bar = 0; bar < m.bars; ) {
    const barStart = bar * m.barBeats;
    if (motifBars.includes(bar) && bar !== cadenceBar) {
      const regionEnd = barStart + spanBars * m.barBeats;
      let beat = barStart;
      let rep = 0;
      while (beat + span <= regionEnd + 1e-9) {
        // A sequence climbs (or falls) one step per statement; a fragment falls a step per
        // repetition; other repetitions restate at the same pitch; a new bar starts afresh.
        const shift = sequenceShift(m.transform);
        let startIndex: number;
        if (firstStart !== undefined && shift !== 0) startIndex = firstStart + shift * statements.length;
        else if (rep > 0) startIndex = statements[statements.length - 1]!.degrees[0]! + (m.transform === "fragmentation" ? -1 : 0);
        else startIndex = statementStart(m, scale, chordAt(m.chords, beat), state.last);
        firstStart ??= startIndex;
        const before = state.last;
        const degrees = [startIndex];
        for (const iv of m.motif.intervals) degrees.push(degrees[degrees.length - 1]! + iv);
        const pitches = degrees.map((d) => scale.pitch(d));
        let t = beat;
        pitches.forEach((p, i) => {
          notes.push({ beat: t, duration: m.motif.durations[i]!, pitch: p, velocity: 0, role: "motif" });
          t += m.motif.durations[i]!;
        });
        statements.push({ beat, pitches, durations: [...m.motif.durations], degrees });
        state.last = pitches[pitches.length - 1]!;
        const leap = state.last - (pitches[pitches.length - 2] ?? before);
        state.pendingResolution = Math.abs(leap) >= 5 ? -Math.sign(leap) : 0;
        beat = t;
        rep++;
      }
      if (beat < regionEnd - 1e-9) freeFill(m, scale, notes, state, beat, regionEnd, rng);
      bar += spanBars;
      continue;
    }
    if (bar === cadenceBar) {
      const cadLen = m.final ? m.barBeats : m.barBeats === 4 ? 2 : m.barBeats === 3 ? 2 : 1.5;
      const cadBeat = barStart + m.barBeats - cadLen;
      if (cadBeat > barStart) freeFill(m, scale, notes, state, barStart, cadBeat, rng);
      notes.push({ beat: cadBeat, duration: cadLen, pitch: cadencePitch(m, state.last), velocity: 0, role: "cadence" });
      bar++;
      continue;
    }
    freeFill(m, scale, notes, state, barStart, barStart + m.barBeats, rng);
    bar++;
  }
  for (const n of notes) n.velocity = writtenVelocity(m, n.beat);
  return { notes, statements };
}

/** A scale index for a statement's first note: a chord tone near the last pitch whose whole statement fits the envelope. */
function statementStart(m: MelodyInput, scale: ScaleSpace, span: ChordSpan, last: number): number {
  const pcs = span.chord.pcs.map((pc) => (pc + m.key.tonic) % 12);
  let best = scale.index(last);
  let bestCost = Infinity;
  for (let p = m.envelope.low - 7; p <= m.envelope.high + 7; p++) {
    if (!scale.contains(p) || !pcs.includes(p % 12)) continue;
    let d = scale.index(p);
    let lo = p;
    let hi = p;
    for (const iv of m.motif.intervals) {
      d += iv;
      const q = scale.pitch(d);
      lo = Math.min(lo, q);
      hi = Math.max(hi, q);
    }
    const overflow = Math.max(0, m.envelope.low - lo) + Math.max(0, hi - m.envelope.high);
    const cost = Math.abs(p - last) + 10 * overflow;
    if (cost < bestCost) {
      bestCost = cost;
      best = scale.index(p);
    }
  }
  return best;
}

interface FillState {
  last: number;
  pendingResolution: number;
  cell: RhythmCell | undefined;
  weights?: number[];
  motifStep: number;
}

/** Fill [from, to) with rhythm-cell notes whose pitches are scored and sampled. */
function freeFill(m: MelodyInput, scale: ScaleSpace, notes: MelodyNote[], s: FillState, from: number, to: number, rng: Rng): void {
  let beat = from;
  while (beat < to - 1e-9) {
    const barStart = Math.floor(beat / m.barBeats + 1e-9) * m.barBeats;
    const end = Math.min(to, barStart + m.barBeats);
    // the character is fixed within a phrase, so are the cell weights
    s.weights ??= cellWeights(m.cells, m.character, m.densityBias);
    if (!s.cell || !rng.chance(0.45)) s.cell = m.cells[rng.weighted(s.weights)]!;
    for (const d of fitCell(s.cell.durations, end - beat)) {
      const pitch = choosePitch(m, scale, s, beat, rng);
      notes.push({ beat, duration: d, pitch, velocity: 0, role: "free" });
      const leap = pitch - s.last;
      if (s.pendingResolution !== 0) s.pendingResolution = 0;
      else if (Math.abs(leap) >= 5) s.pendingResolution = -Math.sign(leap);
      s.last = pitch;
      beat += d;
    }
  }
}

// Scratch buffers for the candidate scores: choosePitch runs for every free note.
const candidates = new Float64Array(64);
const weights = new Float64Array(64);

// 3·exp(−interval²/width) for the intervals −12…12 a candidate can be from the last pitch, remade
// only when the width (the character's) changes: choosePitch scores up to 25 candidates per note.
const proximity = new Float64Array(25);
let proximityWidth = NaN;

/** How much a candidate `interval` semitones from the last pitch is favoured for being near. */
function proximityScore(interval: number, width: number): number {
  if (!Number.isInteger(interval) || Math.abs(interval) > 12) return nearness(interval, width);
  if (width !== proximityWidth) {
    for (let i = -12; i <= 12; i++) proximity[i + 12] = nearness(i, width);
    proximityWidth = width;
  }
  return proximity[interval + 12]!;
}

function nearness(interval: number, width: number): number {
  return 3 * Math.exp((-interval * interval) / width);
}

/** Whether pitch class `pc` is in a bit mask of pitch classes (module-level: choosePitch runs per note). */
function inMask(mask: number, pc: number): number {
  return (mask >> pc) & 1;
}

function choosePitch(m: MelodyInput, scale: ScaleSpace, s: FillState, beat: number, rng: Rng): number {
  const c = m.character;
  const bar = Math.floor(beat / m.barBeats + 1e-9);
  const intensity = m.intensity(bar);
  const chord = chordAt(m.chords, beat).chord;
  let chordMask = 0; // bit per absolute pitch class
  for (const pc of chord.pcs) chordMask |= 1 << ((pc + m.key.tonic) % 12);
  // Motif contour keeps pulling free bars: the next interval of the motif, cycled.
  const iv = m.motif.intervals[s.motifStep % Math.max(1, m.motif.intervals.length)] ?? 0;
  s.motifStep++;
  const target = scale.pitch(scale.index(s.last) + iv);
  const lo = Math.max(m.envelope.low, m.centre - 14, s.last - 12);
  const hi = Math.min(m.envelope.high, m.centre + 14, s.last + 12);
  if (lo > hi) return Math.min(Math.max(s.last, m.envelope.low), m.envelope.high);
  const rising = Math.max(0, m.tensionTrend);
  const falling = Math.max(0, -m.tensionTrend);
  // The reference's proximity width is 5 for everyone; here it follows the character's
  // maximum interval (2–8 semitones), so simple characters step and complex ones leap.
  const width = 1 + 0.75 * m.params.maxInterval;
  let n = 0;
  let max = -Infinity;
  for (let p = lo; p <= hi; p++) {
    const interval = p - s.last;
    const a = Math.abs(interval);
    let score = proximityScore(interval, width);
    const dt = Math.abs(p - target);
    score += dt === 0 ? 5 : dt <= 1 ? 3 : dt <= 2 ? 1 : 0;
    const pc = p % 12;
    if (inMask(chordMask, pc)) score += 2.5;
    else if (scale.contains(p)) score += 1;
    else {
      score -= 2.5;
      // a chromatic neighbour of a chord tone, welcome when the music is intense and complex
      if (inMask(chordMask, (pc + 1) % 12) || inMask(chordMask, (pc + 11) % 12)) score += 7 * intensity * m.params.harmonicColour;
    }
    if (a === 0) score -= 2.5 + 1.5 * (1 - c.energy);
    const fromCentre = Math.abs(p - m.centre);
    if (fromCentre <= 7) score += 0.3;
    else if (fromCentre > 14) score -= 1.5;
    if (a >= 5 && a <= 7 && intensity > 0.5) score += 2.5 * (intensity - 0.3) * c.complexity * (1 + 2 * rising);
    if (a >= 1 && a <= 2) score += 1.5 * falling;
    if (s.pendingResolution !== 0) {
      if (a >= 1 && a <= 2 && Math.sign(interval) === s.pendingResolution) score += 5;
      else if (a > 2) score -= 4;
    }
    candidates[n] = p;
    weights[n] = score;
    if (score > max) max = score;
    n++;
  }
  const temperature = 0.75 + 0.3 * intensity + 0.2 * c.volatility;
  let total = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = Math.exp((weights[i]! - max) / temperature);
    total += weights[i]!;
  }
  let r = rng.random() * total;
  for (let i = 0; i < n; i++) {
    r -= weights[i]!;
    if (r < 0) return candidates[i]!;
  }
  return candidates[n - 1]!;
}

function cadencePitch(m: MelodyInput, last: number): number {
  const t = m.key.tonic;
  const pcs = m.cadence === "authentic" ? [t] : [(t + 7) % 12, (t + 11) % 12, (t + 2) % 12];
  // The final tonic sits at or above middle C, so the closing chord can be voiced beneath it.
  const lo = m.final ? 60 : m.envelope.low - 2;
  const hi = m.final ? 84 : m.envelope.high + 2;
  let best = last;
  let bestD = Infinity;
  for (let p = lo; p <= hi; p++) {
    if (!pcs.includes(p % 12)) continue;
    const d = Math.abs(p - last);
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}

function writtenVelocity(m: MelodyInput, beat: number): number {
  const bar = Math.floor(beat / m.barBeats + 1e-9);
  const inBar = beat - bar * m.barBeats;
  // +8 on the downbeat, +4 on the bar's secondary accent (beat 3 of 4/4, the second pulse of 6/8)
  const secondary = m.barBeats === 4 ? 2 : m.pulse === 1.5 ? 1.5 : -1;
  const accent = m.idiomAccents ? 0 : inBar < 1e-6 ? 8 : Math.abs(inBar - secondary) < 1e-6 ? 4 : 0;
  const v = m.level(bar) + accent + m.velocityBias;
  return Math.round(Math.min(120, Math.max(35, v)));
}
