/**
 * What a listener hears first, read from the notes of a song alone: how full the sixteenth and
 * eighth grid is, how loud, where the accents fall in the bar, how the tune moves, how wide the
 * left hand spreads, how high, how minor, how joined, and how much the music changes from one
 * passage to the next. No voice labels, no tempo, no composer internals: the same code reads an
 * offline .mid and a live recording (where every note sits on one track), so a signature checked
 * offline can be checked again after a live steer.
 *
 * The tune is the top voice as heard: a note is the melody when nothing sounding at its onset is
 * higher. Everything else is the left hand (accompaniment and bass).
 */
import type { Song, SongNote } from "../song/song.ts";

export interface Heard {
  metre: string;
  bars: number;
  /** share of sixteenth / eighth slots with an onset, every bar but the last (the held final chord) */
  sixteenthFill: number;
  eighthFill: number;
  meanVelocity: number;
  /** mean velocity of onsets on each beat of the bar (quarters in x/4, eighths in x/8); NaN when none */
  beatVelocity: number[];
  /** mean velocity on the downbeat minus the mean of every other onset */
  downbeatAccent: number;
  /** widest leap of the tune, semitones */
  melodyMaxLeap: number;
  /** share of tune intervals that are steps (1–2 semitones) */
  melodySteps: number;
  /** tune onsets per quarter note */
  melodyDensity: number;
  /** sounding length ÷ time to the next tune note, averaged over the tune (1 = joined, 0.5 = detached) */
  legato: number;
  /** the same over every note: sounding length ÷ time to the next onset of that voice position (all notes) */
  articulation: number;
  /** the left hand's spread in each bar (highest − lowest pitch starting there), median over bars */
  leftHandSpan: number;
  meanPitch: number;
  /** share of chromatic (out-of-key) onsets, key from the song's key signature */
  chromatic: number;
  /** Krumhansl–Kessler correlation of the pitch-class profile: best minor key minus best major key */
  minorColour: number;
  /** notes starting together, mean over onsets */
  chordSize: number;
  /** the largest change of mean velocity between adjacent 4-bar passages */
  dynamicContrast: number;
  /** the largest change of the left hand's motion (its onsets per beat) between adjacent 4-bar passages, as a ratio (≥ 1) */
  textureContrast: number;
  /** share of bars whose left hand plays bass on beat 1 and chords (≥ 2 notes together, above it) on beats 2 and 3 */
  oomPahPah: number;
  /** share of bars whose lowest pitch class is the bar before's (a pedal bass), every bar but the first and the last */
  stillBass: number;
  /** share of bars whose left hand plays an Alberti figure (low, high, middle, high …) */
  alberti: number;
  /** share of bars whose left hand strikes at 0, ½ and ¾ of the first beat and not at ¼ (the polonaise rhythm) */
  polonaiseRhythm: number;
}

interface Bar {
  start: number;
  length: number;
  /** the beat unit of the time signature, in ticks */
  unit: number;
  numerator: number;
}

/** The bar grid from the song's time signatures (4/4 without any), up to `end`. */
export function barGrid(song: Song, end: number): Bar[] {
  const sigs = [...(song.timeSignatures ?? [])].sort((a, b) => a.tick - b.tick);
  if (sigs.length === 0 || sigs[0]!.tick > 0) sigs.unshift({ tick: 0, numerator: 4, denominator: 4 });
  const bars: Bar[] = [];
  let tick = 0;
  let i = 0;
  while (tick < end) {
    while (i + 1 < sigs.length && sigs[i + 1]!.tick <= tick) i++;
    const s = sigs[i]!;
    const unit = (song.ppq * 4) / s.denominator;
    let length = s.numerator * unit;
    // a signature that arrives mid-bar starts a new bar there
    const next = sigs[i + 1];
    if (next && next.tick < tick + length) length = next.tick - tick;
    bars.push({ start: tick, length, unit, numerator: s.numerator });
    tick += length;
  }
  return bars;
}

const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];
const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11];
const MINOR_SCALE = [0, 2, 3, 5, 7, 8, 10];
const SHARPS_TO_MAJOR_TONIC = [0, 7, 2, 9, 4, 11, 6, 1, 8, 3, 10, 5];

const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/** Best minor-key correlation minus best major-key correlation of a duration-weighted pitch-class profile. */
export function minorColourOf(notes: readonly SongNote[]): number {
  const profile = new Array<number>(12).fill(0);
  for (const n of notes) profile[n.pitch % 12]! += n.endTick - n.tick;
  let major = -Infinity;
  let minor = -Infinity;
  for (let t = 0; t < 12; t++) {
    const rotated = profile.map((_, i) => profile[(i + t) % 12]!);
    major = Math.max(major, correlation(rotated, MAJOR_PROFILE));
    minor = Math.max(minor, correlation(rotated, MINOR_PROFILE));
  }
  return minor - major;
}

/** The top voice as heard: nothing sounding at a note's onset is higher. */
export function tuneOf(notes: readonly SongNote[], together: number): SongNote[] {
  const tune: SongNote[] = [];
  const sounding: SongNote[] = [];
  for (let i = 0; i < notes.length; ) {
    let j = i;
    while (j < notes.length && notes[j]!.tick - notes[i]!.tick <= together) j++;
    const onset = notes[i]!.tick;
    for (let k = sounding.length - 1; k >= 0; k--) if (sounding[k]!.endTick <= onset + together) sounding.splice(k, 1);
    let top = notes[i]!;
    for (let k = i + 1; k < j; k++) if (notes[k]!.pitch > top.pitch) top = notes[k]!;
    if (!sounding.some((s) => s.pitch > top.pitch)) tune.push(top);
    for (let k = i; k < j; k++) sounding.push(notes[k]!);
    i = j;
  }
  return tune;
}

/** Everything a listener checks first, from a song's notes, time and key signatures. */
export function hear(song: Song): Heard {
  const notes = song.tracks.flatMap((t) => t.notes).sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
  if (notes.length === 0) throw new RangeError("hear: the song has no notes");
  const ppq = song.ppq;
  const end = notes.reduce((m, n) => Math.max(m, n.endTick), 0);
  const grid = barGrid(song, notes[notes.length - 1]!.tick + 1);
  const together = ppq / 16; // onsets within a 64th sound as one
  // A player's rubato moves whole bars a little off the written grid (a live piano by up to a
  // quarter beat): each bar is heard from the onset nearest its bar line, within 0.3 of a beat.
  const onsetTicks = [...new Set(notes.map((n) => n.tick))].sort((a, b) => a - b);
  const firstAtOrAfter = (tick: number): number => {
    let lo = 0;
    let hi = onsetTicks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (onsetTicks[mid]! >= tick) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const starts = grid.map((g) => {
    const i = firstAtOrAfter(g.start);
    let best = g.start;
    let bestD = 0.3 * g.unit;
    for (const t of [onsetTicks[i - 1], onsetTicks[i]]) {
      if (t !== undefined && Math.abs(t - g.start) <= bestD) {
        bestD = Math.abs(t - g.start);
        best = t;
      }
    }
    return best;
  });
  const barIndex = (tick: number): number => {
    let lo = 0;
    let hi = grid.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= tick + together) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** Ticks into bar `b`, the bar as played stretched back to its written length (the pulse a listener counts). */
  const posIn = (b: number, tick: number): number => {
    const played = (starts[b + 1] ?? starts[b]! + grid[b]!.length) - starts[b]!;
    return ((tick - starts[b]!) * grid[b]!.length) / Math.max(1, played);
  };
  const sig = song.timeSignatures?.[0];
  const metre = `${sig?.numerator ?? 4}/${sig?.denominator ?? 4}`;

  // Grid fill: the slots of every bar but the last, each either struck or not.
  const fill = (slot: number): number => {
    const struck = new Set<number>();
    let slots = 0;
    const lastBar = grid.length - 1;
    for (let b = 0; b < lastBar; b++) slots += Math.round(grid[b]!.length / slot);
    for (const n of notes) {
      const b = barIndex(n.tick);
      if (b >= lastBar) continue;
      const k = Math.round(posIn(b, n.tick) / slot);
      if (k < Math.round(grid[b]!.length / slot)) struck.add(b * 1000 + k);
    }
    return slots === 0 ? 0 : struck.size / slots;
  };

  // Accents by position in the bar.
  const byBeat: number[][] = [];
  const downbeat: number[] = [];
  const others: number[] = [];
  for (const n of notes) {
    const b = barIndex(n.tick);
    const bar = grid[b]!;
    const offset = posIn(b, n.tick);
    const beat = Math.round(offset / bar.unit);
    const onBeat = Math.abs(offset - beat * bar.unit) <= bar.unit / 8 && beat < bar.numerator;
    if (onBeat) (byBeat[beat] ??= []).push(n.velocity);
    if (onBeat && beat === 0) downbeat.push(n.velocity);
    else others.push(n.velocity);
  }
  const maxBeats = Math.max(...grid.map((g) => g.numerator));
  const beatVelocity = Array.from({ length: maxBeats }, (_, i) => mean(byBeat[i] ?? []));

  // The tune.
  const tune = tuneOf(notes, together);
  const inTune = new Set(tune);
  const intervals = tune.slice(1).map((n, i) => Math.abs(n.pitch - tune[i]!.pitch));
  const joins = tune.slice(0, -1).map((n, i) => Math.min(1.2, (n.endTick - n.tick) / Math.max(1, tune[i + 1]!.tick - n.tick)));

  // Articulation of all notes: sounding length against the time to the next onset anywhere after it.
  const onsets = [...new Set(notes.map((n) => n.tick))].sort((a, b) => a - b);
  const nextOnset = (tick: number): number | undefined => {
    let lo = 0;
    let hi = onsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (onsets[mid]! > tick + together) hi = mid;
      else lo = mid + 1;
    }
    return onsets[lo];
  };
  const articulation = mean(
    notes.flatMap((n) => {
      const next = nextOnset(n.tick);
      return next === undefined ? [] : [Math.min(1.2, (n.endTick - n.tick) / (next - n.tick))];
    }),
  );

  // Per bar: the left hand's notes.
  const left: SongNote[][] = grid.map(() => []);
  const all: SongNote[][] = grid.map(() => []);
  for (const n of notes) {
    const b = barIndex(n.tick);
    all[b]!.push(n);
    if (!inTune.has(n)) left[b]!.push(n);
  }
  const spans = left.slice(0, -1).filter((l) => l.length > 0).map((l) => Math.max(...l.map((n) => n.pitch)) - Math.min(...l.map((n) => n.pitch)));

  // Chord size: notes starting together.
  const groups: number[] = [];
  for (let i = 0; i < notes.length; ) {
    let j = i;
    while (j < notes.length && notes[j]!.tick - notes[i]!.tick <= together) j++;
    groups.push(j - i);
    i = j;
  }

  // Passages of 4 bars: loudness and busyness, compared with the next.
  const passages: { velocity: number; density: number }[] = [];
  for (let b = 0; b + 4 <= grid.length - 1; b += 4) {
    const ns = all.slice(b, b + 4).flat();
    const beats = grid.slice(b, b + 4).reduce((s, g) => s + g.length, 0) / ppq;
    const motion = new Set(left.slice(b, b + 4).flat().map((n) => Math.round(n.tick / together))).size;
    if (ns.length > 0) passages.push({ velocity: mean(ns.map((n) => n.velocity)), density: Math.max(motion, 1) / beats });
  }
  let dynamicContrast = 0;
  let textureContrast = 1;
  for (let i = 1; i < passages.length; i++) {
    const a = passages[i - 1]!;
    const b = passages[i]!;
    dynamicContrast = Math.max(dynamicContrast, Math.abs(a.velocity - b.velocity));
    textureContrast = Math.max(textureContrast, Math.max(a.density, b.density) / Math.max(1e-9, Math.min(a.density, b.density)));
  }

  // Key from the signature, for the chromatic share.
  const ks = song.keySignatures?.[0];
  const majorTonic = SHARPS_TO_MAJOR_TONIC[(((ks?.sharps ?? 0) % 12) + 12) % 12]!;
  const tonic = ks?.minor ? (majorTonic + 9) % 12 : majorTonic;
  const scale = (ks?.minor ? MINOR_SCALE : MAJOR_SCALE).map((s) => (s + tonic) % 12);

  const bodyBars = grid.length - 1;
  const share = (ok: (b: number) => boolean): number => {
    let n = 0;
    for (let b = 0; b < bodyBars; b++) if (ok(b)) n++;
    return bodyBars === 0 ? 0 : n / bodyBars;
  };
  const near = (n: SongNote, b: number, at: number) => Math.abs(posIn(b, n.tick) - at) <= grid[b]!.unit / 8;
  const lowestPcs = left.slice(0, bodyBars).map((l) => (l.length === 0 ? -1 : Math.min(...l.map((n) => n.pitch)) % 12));

  return {
    metre,
    bars: grid.length,
    sixteenthFill: fill(ppq / 4),
    eighthFill: fill(ppq / 2),
    meanVelocity: mean(notes.map((n) => n.velocity)),
    beatVelocity,
    downbeatAccent: mean(downbeat) - mean(others),
    melodyMaxLeap: intervals.length === 0 ? 0 : Math.max(...intervals),
    melodySteps: intervals.length === 0 ? 0 : intervals.filter((i) => i >= 1 && i <= 2).length / intervals.length,
    melodyDensity: tune.length / (end / ppq),
    legato: mean(joins),
    articulation,
    leftHandSpan: median(spans),
    meanPitch: mean(notes.map((n) => n.pitch)),
    chromatic: notes.filter((n) => !scale.includes(n.pitch % 12)).length / notes.length,
    minorColour: minorColourOf(notes),
    chordSize: mean(groups),
    dynamicContrast,
    textureContrast,
    oomPahPah: share((b) => {
      const g = grid[b]!;
      if (g.numerator !== 3 || g.unit !== ppq) return false;
      const l = left[b]!;
      const on = (k: number) => l.filter((n) => near(n, b, k * g.unit));
      const one = on(0);
      const two = on(1);
      const three = on(2);
      if (one.length === 0 || two.length < 2 || three.length < 2) return false;
      const bass = Math.min(...one.map((n) => n.pitch));
      return bass < Math.min(...two.map((n) => n.pitch)) && bass < Math.min(...three.map((n) => n.pitch));
    }),
    stillBass: bodyBars < 2 ? 0 : (share((b) => b > 0 && lowestPcs[b]! >= 0 && lowestPcs[b] === lowestPcs[b - 1]) * bodyBars) / (bodyBars - 1),
    alberti: share((b) => albertiBar(all[b]!, together)),
    polonaiseRhythm: share((b) => {
      const u = grid[b]!.unit;
      const at = (x: number) => left[b]!.some((n) => near(n, b, x * u));
      return at(0) && at(0.5) && at(0.75) && !at(0.25);
    }),
  };
}

/**
 * Low, high, middle (, high) … once per two beats: the lowest voice of each onset in the bar (the
 * bass struck on the downbeat under it aside) takes the Alberti shape. The lowest voice, not the
 * left hand of the skyline: where the tune doubles the figure's top note, the figure is still heard.
 */
function albertiBar(bar: readonly SongNote[], together: number): boolean {
  const lows: number[] = [];
  for (let i = 0; i < bar.length; ) {
    let j = i;
    while (j < bar.length && bar[j]!.tick - bar[i]!.tick <= together) j++;
    const group = bar.slice(i, j).map((n) => n.pitch).sort((a, b) => a - b);
    lows.push(i === 0 && group.length >= 2 && group[1]! - group[0]! >= 5 ? group[1]! : group[0]!);
    i = j;
  }
  let good = 0;
  for (let i = 0; i + 2 < lows.length; i++) {
    const [a, b, c] = [lows[i]!, lows[i + 1]!, lows[i + 2]!];
    if (a < c && c < b && (i + 3 >= lows.length || lows[i + 3] === b)) good++;
  }
  return lows.length >= 4 && good >= Math.max(1, Math.floor(lows.length / 8));
}
