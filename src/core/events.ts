/**
 * The events that travel on the bus. Each is built from one options object (the seed's keyword
 * arguments, camelCased). Every event carries the tick it is *for*: a node that reacts publishes
 * with the same tick (plus any gate or offset), and sinks act at the stamp, so timing never
 * depends on how fast the bus ran.
 */
import type { Ticks } from "./time.ts";

export interface Stamp {
  /** The tick this event is for. Stamped with the bus's current time at publish when missing. */
  tick?: number;
  /** A routing label chosen by the publisher, e.g. "melody"; subscribers may filter on it. */
  stream?: string;
}

export abstract class BusEvent {
  tick?: Ticks;
  stream?: string;
  /** The node that published this event (set by the bus). */
  source?: string;
  /** Nodes along the chain of reactions at this same tick that led here (set by the bus). */
  route: readonly string[] = [];
  /**
   * Nodes earlier in this event's lineage, before a delay: a node that republishes an event later
   * (swing, groove, humanize …) records where it came from, so muting or removing the source also
   * silences what was made of it. Carried along same-tick reactions by the bus.
   */
  via: readonly string[] = [];

  constructor(stamp: Stamp = {}) {
    if (stamp.tick !== undefined) this.tick = stamp.tick as Ticks;
    if (stamp.stream !== undefined) this.stream = stamp.stream;
  }

  /** A short name for logs ("NoteEvent"). */
  get kind(): string {
    return this.constructor.name;
  }

  /** Mark this event as made from `cause` (published later by another node): it inherits the lineage. */
  madeFrom(cause: BusEvent): this {
    const lineage = [...cause.via, ...cause.route, ...(cause.source !== undefined ? [cause.source] : [])];
    this.via = lineage.filter((n, i) => lineage.indexOf(n) === i);
    return this;
  }

  /** A copy with some fields replaced; bus metadata is dropped so the copy can be published anew. */
  with(changes: Partial<this>): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this)), this, changes) as this;
    copy.source = undefined;
    copy.route = [];
    return copy;
  }
}

export interface TickEventOptions extends Stamp {
  step: number;
  beat: number;
  stepsPerBeat: number;
  /** Steps since the clock started (never wraps). */
  index?: number;
  loopSteps?: number;
  clock?: string;
}

/** A step of a clock's grid. `step` wraps at `loopSteps`; `beat` is the beat position inside the loop. */
export class TickEvent extends BusEvent {
  step: number;
  beat: number;
  stepsPerBeat: number;
  index: number;
  loopSteps: number;
  clock: string;
  constructor(o: TickEventOptions) {
    super(o);
    this.step = o.step;
    this.beat = o.beat;
    this.stepsPerBeat = o.stepsPerBeat;
    this.index = o.index ?? o.step;
    this.loopSteps = o.loopSteps ?? 0;
    this.clock = o.clock ?? "clock";
  }
}

export interface TriggerEventOptions extends Stamp {
  name: string;
  value?: number;
}

/** A discrete impulse: a rhythm hit, a gate, a "bang". */
export class TriggerEvent extends BusEvent {
  name: string;
  value: number;
  constructor(o: TriggerEventOptions) {
    super(o);
    this.name = o.name;
    this.value = o.value ?? 1;
  }
}

export interface ValueEventOptions extends Stamp {
  name: string;
  value: number;
}

/** A sample of a continuous control signal. */
export class ValueEvent extends BusEvent {
  name: string;
  value: number;
  constructor(o: ValueEventOptions) {
    super(o);
    this.name = o.name;
    this.value = o.value;
  }
}

export interface ParamChangeEventOptions extends Stamp {
  target: string;
  param: string;
  value: unknown;
}

/** Change one parameter of the node named `target`; applied before the next event that node handles. */
export class ParamChangeEvent extends BusEvent {
  target: string;
  param: string;
  value: unknown;
  constructor(o: ParamChangeEventOptions) {
    super(o);
    this.target = o.target;
    this.param = o.param;
    this.value = o.value;
  }
}

export interface NoteEventOptions extends Stamp {
  pitch: number;
  /** 0..1 (the seed's convention); sinks scale it to MIDI 1..127. */
  velocity: number;
  gateBeats: number;
  /** MIDI channel 0..15 (shown to people as 1..16). */
  channel?: number;
  meta?: Record<string, unknown>;
}

/** A note to be played: starts at `tick`, lasts `gateBeats`. */
export class NoteEvent extends BusEvent {
  pitch: number;
  velocity: number;
  gateBeats: number;
  channel: number;
  meta: Record<string, unknown>;
  constructor(o: NoteEventOptions) {
    super(o);
    this.pitch = o.pitch;
    this.velocity = o.velocity;
    this.gateBeats = o.gateBeats;
    this.channel = o.channel ?? 0;
    this.meta = o.meta ?? {};
  }
}

export interface ControlChangeEventOptions extends Stamp {
  controller: number;
  /** 0..127 */
  value: number;
  channel?: number;
}

/** A MIDI control change (sustain pedal = controller 64). */
export class ControlChangeEvent extends BusEvent {
  controller: number;
  value: number;
  channel: number;
  constructor(o: ControlChangeEventOptions) {
    super(o);
    this.controller = o.controller;
    this.value = o.value;
    this.channel = o.channel ?? 0;
  }
}

export interface ProgramChangeEventOptions extends Stamp {
  program: number;
  channel?: number;
}

/** A MIDI program (instrument) change. */
export class ProgramChangeEvent extends BusEvent {
  program: number;
  channel: number;
  constructor(o: ProgramChangeEventOptions) {
    super(o);
    this.program = o.program;
    this.channel = o.channel ?? 0;
  }
}

export interface ChordEventOptions extends Stamp {
  name: string;
  /** Scale degrees of the chord (0-based), as an arpeggiator takes them. */
  degrees: number[];
  /** The sounding MIDI pitches, lowest first. */
  pitches: number[];
  /**
   * The chord's pitch classes (0 = C), bass first, when its publisher knows them exactly (the MIL
   * `harmony` node): an arpeggiator then plays these, whatever its own scale and root.
   */
  pitchClasses?: number[];
  /** A name for people and logs: "V7", "ii°", "bII6". */
  symbol?: string;
}

/** A chord chosen by a chord generator, for followers (arpeggiators, bass lines) and sinks. */
export class ChordEvent extends BusEvent {
  name: string;
  degrees: number[];
  pitches: number[];
  pitchClasses?: number[];
  symbol?: string;
  constructor(o: ChordEventOptions) {
    super(o);
    this.name = o.name;
    this.degrees = o.degrees;
    this.pitches = o.pitches;
    if (o.pitchClasses !== undefined) this.pitchClasses = o.pitchClasses;
    if (o.symbol !== undefined) this.symbol = o.symbol;
  }
}

export interface TimeSignatureEventOptions extends Stamp {
  numerator: number;
  /** 2, 4, 8, 16 … (the written denominator) */
  denominator: number;
}

/**
 * The metre changes here (a piano steered from a waltz to a march changes bars at its next
 * section): recorders write it as a time signature at the event's tick.
 */
export class TimeSignatureEvent extends BusEvent {
  numerator: number;
  denominator: number;
  constructor(o: TimeSignatureEventOptions) {
    super(o);
    this.numerator = o.numerator;
    this.denominator = o.denominator;
  }
}

export interface ErrorEventOptions extends Stamp {
  message: string;
  node?: string;
  /** What went wrong, for filtering: "param", "node", "loop", "overflow", "handler". */
  kind: string;
}

/** Published whenever something is refused or fails, so a performer (or a test) can see it. */
export class ErrorEvent extends BusEvent {
  message: string;
  node?: string;
  errorKind: string;
  constructor(o: ErrorEventOptions) {
    super(o);
    this.message = o.message;
    if (o.node !== undefined) this.node = o.node;
    this.errorKind = o.kind;
  }
}
