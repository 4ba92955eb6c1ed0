import { checkNamed, numberParam } from "./params.ts";
import { PPQ, type Seconds, type Ticks } from "./time.ts";

/**
 * The tempo range, written once: the CLI's --bpm, the clock's `bpm` param, the REPL's bpm(),
 * a MIDI clock in and network sync all take their limits from here.
 */
export const MIN_BPM = 1;
export const MAX_BPM = 999;

const TEMPO_RANGE = `a number from ${MIN_BPM} to ${MAX_BPM}`;

/** True for a tempo the map accepts. */
export function isBpm(bpm: unknown): bpm is number {
  return typeof bpm === "number" && Number.isFinite(bpm) && bpm >= MIN_BPM && bpm <= MAX_BPM;
}

/** A measured tempo (a MIDI clock in, a network peer) brought into range, to a hundredth of a bpm. */
export function clampBpm(bpm: number): number {
  return Math.min(MAX_BPM, Math.max(MIN_BPM, Math.round(bpm * 100) / 100));
}

/** The tempo as a param (the clock's `bpm`): the same range and words as everywhere else. */
export const bpmParam = numberParam(MIN_BPM, MAX_BPM);

/** A tempo asked for on its own (the REPL's bpm(), `.bpm`): refused as "bpm: …", like any param. */
export const checkBpm = (bpm: unknown): number => checkNamed("bpm", bpmParam, bpm);

interface TempoSegment {
  readonly tick: Ticks;
  readonly bpm: number;
  /** Seconds at the segment start, accumulated once when the segment is added. */
  readonly seconds: Seconds;
}

/**
 * Piecewise-constant tempo over ticks. Seconds are derived from ticks in one place, so
 * a tempo change moves where later ticks fall in seconds but never moves the tick grid:
 * every later step stays on the new grid.
 */
export class TempoMap {
  private segments: TempoSegment[];

  constructor(bpm: number) {
    TempoMap.check(bpm);
    this.segments = [{ tick: 0 as Ticks, bpm, seconds: 0 as Seconds }];
  }

  static check(bpm: number): void {
    if (!isBpm(bpm)) throw new RangeError(`bpm must be ${TEMPO_RANGE}, got ${String(bpm)}`);
  }

  /** Tempo changes, in tick order (for writing a MIDI file). */
  get changes(): ReadonlyArray<{ tick: Ticks; bpm: number }> {
    return this.segments;
  }

  bpmAt(tick: number): number {
    return this.segmentAt(tick).bpm;
  }

  /**
   * Set the tempo from `tick` on. Changes after that tick are discarded: the future is
   * rewritten, the past is fixed (it has been played).
   */
  setTempo(tick: Ticks, bpm: number): void {
    TempoMap.check(bpm);
    while (this.segments.length > 1 && this.segments[this.segments.length - 1]!.tick >= tick) {
      this.segments.pop();
    }
    const last = this.segments[this.segments.length - 1]!;
    if (last.tick === tick) {
      this.segments[this.segments.length - 1] = { ...last, bpm };
      return;
    }
    if (last.bpm === bpm) return;
    this.segments.push({ tick, bpm, seconds: this.toSeconds(tick) });
  }

  toSeconds(tick: number): Seconds {
    const seg = this.segmentAt(tick);
    return (seg.seconds + ((tick - seg.tick) * 60) / (seg.bpm * PPQ)) as Seconds;
  }

  /** The (fractional) tick at a time in seconds; callers round as they need. */
  toTicks(s: number): number {
    let seg = this.segments[0]!;
    for (const candidate of this.segments) {
      if (candidate.seconds <= s) seg = candidate;
      else break;
    }
    return seg.tick + ((s - seg.seconds) * seg.bpm * PPQ) / 60;
  }

  private segmentAt(tick: number): TempoSegment {
    const segs = this.segments;
    // Segments are few and the newest is asked most: search from the end.
    for (let i = segs.length - 1; i > 0; i--) {
      if (segs[i]!.tick <= tick) return segs[i]!;
    }
    return segs[0]!;
  }
}
