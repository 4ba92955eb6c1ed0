/**
 * Clock: publishes a TickEvent on every step of its grid. Step times are computed from the step
 * counter (never accumulated), so the grid is exact for any length of set, and a tempo change moves
 * only where steps fall in seconds, never the grid itself.
 *
 * The first clock of a system sets the tempo. Further clocks (polyrhythm, polytempo) share that
 * tempo map: give them another `stepsPerBeat` (3 against 4), or a `bpm` of their own, which is kept
 * as a fixed ratio to the main tempo (a 90 bpm clock against 120 stays 3:4 when the tempo moves).
 */
import type { EventBus } from "./bus.ts";
import { TickEvent } from "./events.ts";
import { Node, type NodeOptions } from "./node.ts";
import { intParam, knob, readKnobs } from "./params.ts";
import { bpmParam, TempoMap } from "./tempo-map.ts";
import { PPQ } from "./time.ts";
import type { Cancel } from "./timeline.ts";

/** The clock's grid, declared once (the tempo is the tempo map's: `bpmParam`). */
const KNOBS = {
  /** 4 = sixteenths, 3 = triplet eighths. */
  stepsPerBeat: knob(intParam(1, 96), 4),
  loopSteps: knob(intParam(1, 4096), 16),
};

export interface ClockOptions extends NodeOptions {
  bpm?: number;
  stepsPerBeat?: number;
  /** `step` wraps at this many steps (16 = one 4/4 bar of 16ths). */
  loopSteps?: number;
  /** Start on this tick (default: the next step of the clock's grid, counted from tick 0). */
  startTick?: number;
}

export class Clock extends Node {
  readonly kind = "clock";
  private stepsPerBeat: number;
  private loopSteps: number;
  private readonly requestedBpm: number | undefined;
  /** Steps of this clock per main-tempo beat = stepsPerBeat × (own bpm / main bpm). */
  private ratio = 1;
  private index = 0;
  /** Where the current grid's step 0 lies; moves only when stepsPerBeat changes. */
  private gridOrigin = 0;
  private gridIndexOrigin = 0;
  private cancel: Cancel | undefined;
  private readonly startTick: number | undefined;

  constructor(bus: EventBus, options: ClockOptions = {}) {
    super(bus, "clock", options);
    if (options.bpm !== undefined) TempoMap.check(options.bpm);
    this.requestedBpm = options.bpm;
    const k = readKnobs(this.name, KNOBS, options);
    this.stepsPerBeat = k.stepsPerBeat;
    this.loopSteps = k.loopSteps;
    this.startTick = options.startTick;
    this.defineParam("bpm", bpmParam, () => this.bpm, (v) => this.setBpm(v));
    this.defineKnob("stepsPerBeat", KNOBS.stepsPerBeat, () => this.stepsPerBeat, (v) => this.regrid(v));
    this.defineKnob("loopSteps", KNOBS.loopSteps, () => this.loopSteps, (v) => (this.loopSteps = v));
  }

  /** This clock's tempo (the main tempo times its ratio). */
  get bpm(): number {
    return this.bus.timeline.tempo.bpmAt(this.bus.now) * this.ratio;
  }

  /** Ticks between two steps of this clock (fractional for odd grids; steps are rounded individually). */
  get ticksPerStep(): number {
    return PPQ / (this.stepsPerBeat * this.ratio);
  }

  protected override onStart(): void {
    const tl = this.bus.timeline;
    const main = claimMainClock(this.bus, this);
    if (this.requestedBpm !== undefined) {
      if (main) tl.tempo.setTempo(tl.now, this.requestedBpm);
      else this.ratio = this.requestedBpm / tl.tempo.bpmAt(tl.now);
    }
    const from = this.startTick ?? tl.now;
    this.index = Math.max(0, Math.ceil(from / this.ticksPerStep - 1e-9));
    this.schedule();
  }

  protected override onStop(): void {
    this.cancel?.();
    this.cancel = undefined;
    releaseMainClock(this.bus, this);
  }

  private tickOf(index: number): number {
    return this.gridOrigin + Math.floor(((index - this.gridIndexOrigin) * PPQ) / (this.stepsPerBeat * this.ratio));
  }

  private schedule(): void {
    this.cancel = this.at(this.tickOf(this.index), () => this.step());
  }

  private step(): void {
    const i = this.index;
    const step = i % this.loopSteps;
    this.index++;
    this.schedule(); // before publishing: a handler that stops the clock cancels the next step
    this.publish(
      new TickEvent({
        tick: this.tickOf(i),
        step,
        beat: step / this.stepsPerBeat,
        stepsPerBeat: this.stepsPerBeat,
        index: i,
        loopSteps: this.loopSteps,
        clock: this.name,
      }),
    );
  }

  private setBpm(bpm: number): void {
    const tl = this.bus.timeline;
    if (isMainClock(this.bus, this)) {
      // From the next step on: the step being played keeps its length.
      tl.tempo.setTempo(Math.max(tl.now, this.tickOf(this.index)) as never, bpm);
    } else {
      this.rebase(() => (this.ratio = bpm / tl.tempo.bpmAt(tl.now)));
    }
  }

  private regrid(stepsPerBeat: number): void {
    this.rebase(() => (this.stepsPerBeat = stepsPerBeat));
  }

  /** Change the grid from the next step on, keeping the steps already played where they were. */
  private rebase(change: () => void): void {
    if (!this.isRunning) {
      change();
      return;
    }
    const nextTick = this.tickOf(this.index);
    change();
    this.gridOrigin = nextTick;
    this.gridIndexOrigin = this.index;
    this.cancel?.();
    this.schedule();
  }
}

// The main clock of each bus (the one whose bpm is the system tempo).
const mainClocks = new WeakMap<EventBus, Clock>();

function claimMainClock(bus: EventBus, clock: Clock): boolean {
  const current = mainClocks.get(bus);
  if (current && current !== clock && current.isRunning) return false;
  mainClocks.set(bus, clock);
  return true;
}

function isMainClock(bus: EventBus, clock: Clock): boolean {
  return mainClocks.get(bus) === clock;
}

function releaseMainClock(bus: EventBus, clock: Clock): void {
  if (mainClocks.get(bus) === clock) mainClocks.delete(bus);
}
