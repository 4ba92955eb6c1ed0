/**
 * Maps controllers (a CC or a note of a MIDI input) onto node params. The daemon feeds it every
 * parsed message; each mapped change goes out through the `cue` callback (the daemon turns it into
 * a ParamChangeEvent) and is also returned, for tests and the REPL.
 *
 * Sources, channels 1–16 as printed on devices (omitted: any channel):
 *   "cc:1"        controller 1's value 0–127 → min…max
 *   "cc:74:ch2"   the same, on channel 2 only
 *   "note:60"     note 60's velocity 1–127 → min…max; its note-off → min
 *   "note:*"      the number of any note played → min…max (note 0 → min, note 127 → max)
 * Targets are "node.param" ("arp.gate"); the node name is everything before the last dot.
 */
import type { ControlChange, MidiMessage, NoteOn } from "./messages.ts";

export type Curve = "linear" | "exp";

export interface MapOptions {
  /** The value at controller 0 (default 0). */
  min?: number;
  /** The value at controller 127 (default 1). */
  max?: number;
  /** "exp" spaces values geometrically (for rates, frequencies, gate lengths): min and max must be > 0. */
  curve?: Curve;
  /** Round the value to an integer (for steps, counts, notes). */
  integer?: boolean;
  /** Only this channel, 1–16 (the same as ":chN" in the source). */
  channel?: number;
}

export interface ParamChange {
  /** The node's name. */
  target: string;
  param: string;
  value: number;
}

export interface Mapping {
  /** Canonical source string ("cc:74:ch2"). */
  source: string;
  /** "node.param" */
  target: string;
  min: number;
  max: number;
  curve: Curve;
  integer: boolean;
}

export interface ControllerMapOptions {
  /** Send the change (the daemon publishes a ParamChangeEvent). */
  cue: (target: string, param: string, value: number) => void;
  /**
   * Check that target.param exists and accepts `value`; throw to refuse (the message is shown).
   * May return the param's performer name (`gate` for `gateBeats`): the mapping is kept, listed
   * and cued under it.
   */
  validate?: (target: string, param: string, value: number) => string | void;
  /** Where errors thrown by `cue` go (default: rethrown once every mapping of the message ran). */
  onError?: (err: unknown) => void;
}

export class ControllerMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ControllerMapError";
  }
}

export const SOURCE_FORMS = `"cc:N" or "cc:N:chC" (controller N 0–127, channel C 1–16), "note:N" or "note:N:chC" (note N 0–127: velocity → value), "note:*" or "note:*:chC" (any note: note number → value)`;

interface Source {
  kind: "cc" | "note";
  /** Controller or note number; undefined = any note. */
  number: number | undefined;
  /** 0–15, or undefined = any channel. */
  channel: number | undefined;
}

interface Entry extends Mapping {
  src: Source;
  node: string;
  param: string;
  last: number | undefined;
}

interface Learning {
  target: string;
  options: MapOptions;
  /** Learn only from this channel (0–15), when the options named one. */
  channel: number | undefined;
  resolve: (source: string) => void;
  reject: (err: Error) => void;
}

export class ControllerMap {
  private readonly entries: Entry[] = [];
  private learning: Learning | undefined;

  constructor(private readonly options: ControllerMapOptions) {}

  /**
   * Map a controller onto a param; a mapping of the same source and target is replaced. One
   * source may drive several targets. Throws ControllerMapError naming what is wrong.
   *
   * @example map("cc:1", "arp.gate", { min: 0.05, max: 1 }) // → "cc:1"; CC 1 = 64 cues arp.gate ≈ 0.529
   */
  map(source: string, target: string, opts: MapOptions = {}): string {
    const src = parseSource(source, opts.channel);
    const entry = this.entry(src, target, opts);
    const i = this.entries.findIndex((e) => e.source === entry.source && e.target === entry.target);
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
    return entry.source;
  }

  /** Remove the mappings of `source` (only the one to `target`, if given); returns how many went. */
  unmap(source: string, target?: string): number {
    const canonical = format(parseSource(source, undefined));
    const before = this.entries.length;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.source === canonical && (target === undefined || e.target === target)) this.entries.splice(i, 1);
    }
    return before - this.entries.length;
  }

  list(): Mapping[] {
    return this.entries.map(({ source, target, min, max, curve, integer }) => ({ source, target, min, max, curve, integer }));
  }

  /**
   * Apply one input message: cue every mapped value that changed and return those changes.
   * Messages of other kinds (clock, SysEx, errors …) are ignored.
   */
  handle(msg: MidiMessage): ParamChange[] {
    if (msg.type !== "cc" && msg.type !== "noteOn" && msg.type !== "noteOff") return [];
    if (this.learning && msg.type !== "noteOff" && (this.learning.channel === undefined || this.learning.channel === msg.channel)) {
      this.learnFrom(msg);
    }
    const changes: ParamChange[] = [];
    const errors: unknown[] = [];
    for (const e of this.entries) {
      const raw = rawValue(e.src, msg);
      if (raw === undefined) continue;
      const value = scale(e, raw);
      if (value === e.last) continue; // send on change only
      e.last = value;
      try {
        this.options.cue(e.node, e.param, value);
        changes.push({ target: e.node, param: e.param, value });
      } catch (err) {
        e.last = undefined; // not delivered: the same value may be tried again
        errors.push(err);
      }
    }
    for (const err of errors) {
      if (this.options.onError) this.options.onError(err);
      else throw err;
    }
    return changes;
  }

  /**
   * Map the next CC (or note-on) that arrives onto `target`; resolves with the source string.
   * The knob's own value is applied at once. A learn already waiting is cancelled (its promise rejects).
   *
   * @example await learn("arp.gate", { min: 0.05, max: 1 }) // move CC 74 on channel 2 → "cc:74:ch2"
   */
  learn(target: string, opts: MapOptions = {}): Promise<string> {
    const probe = this.entry(parseSource("cc:0", opts.channel), target, opts); // refuse a bad target now, not later
    this.cancelLearn(`replaced by learning ${target}`);
    const promise = new Promise<string>((resolve, reject) => {
      this.learning = { target, options: opts, channel: probe.src.channel, resolve, reject };
    });
    // Nobody need await a cancelled learn: keep its rejection from becoming an unhandled one.
    promise.catch(() => {});
    return promise;
  }

  /** Stop waiting for a controller to learn (the pending learn() rejects). Returns whether one was waiting. */
  cancelLearn(reason = "cancelled"): boolean {
    const l = this.learning;
    if (!l) return false;
    this.learning = undefined;
    l.reject(new ControllerMapError(`learn ${l.target}: ${reason}`));
    return true;
  }

  get isLearning(): boolean {
    return this.learning !== undefined;
  }

  private learnFrom(msg: ControlChange | NoteOn): void {
    const l = this.learning!;
    this.learning = undefined;
    const number = msg.type === "cc" ? msg.controller : msg.note;
    const source = format({ kind: msg.type === "cc" ? "cc" : "note", number, channel: msg.channel });
    try {
      l.resolve(this.map(source, l.target, { ...l.options, channel: undefined }));
    } catch (err) {
      l.reject(err as Error);
    }
  }

  private entry(src: Source, target: string, opts: MapOptions): Entry {
    const dot = typeof target === "string" ? target.lastIndexOf(".") : -1;
    const node = dot > 0 ? target.slice(0, dot) : "";
    const param = dot > 0 ? target.slice(dot + 1) : "";
    if (!node || !param) {
      throw new ControllerMapError(`map target must be "node.param", e.g. "arp.gate"; got ${JSON.stringify(target)}`);
    }
    const min = opts.min ?? 0;
    const max = opts.max ?? 1;
    const curve = opts.curve ?? "linear";
    const integer = opts.integer ?? false;
    const where = `map ${format(src)} → ${target}`;
    if (!Number.isFinite(min) || !Number.isFinite(max)) throw new ControllerMapError(`${where}: min and max must be finite numbers, got ${min} and ${max}`);
    if (min === max) throw new ControllerMapError(`${where}: min and max are both ${min}; the controller would change nothing`);
    if (curve !== "linear" && curve !== "exp") throw new ControllerMapError(`${where}: curve must be "linear" or "exp", got ${JSON.stringify(curve)}`);
    if (curve === "exp" && !(min > 0 && max > 0)) {
      throw new ControllerMapError(`${where}: curve "exp" needs min and max above 0, got ${min} and ${max} (use "linear" for ranges through 0)`);
    }
    const e: Entry = { source: format(src), target, min, max, curve, integer, src, node, param, last: undefined };
    if (this.options.validate) {
      for (const v of [scale(e, 0), scale(e, 127)]) {
        try {
          const name = this.options.validate(node, param, v);
          if (typeof name === "string") Object.assign(e, { param: name, target: `${node}.${name}` });
        } catch (err) {
          throw new ControllerMapError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    return e;
  }
}

/** The controller's 0–127 reading for this source, or undefined if the message is not for it. */
function rawValue(src: Source, msg: MidiMessage): number | undefined {
  if (msg.type !== "cc" && msg.type !== "noteOn" && msg.type !== "noteOff") return undefined;
  if (src.channel !== undefined && src.channel !== msg.channel) return undefined;
  if (src.kind === "cc") return msg.type === "cc" && msg.controller === src.number ? msg.value : undefined;
  if (msg.type === "cc") return undefined;
  if (src.number === undefined) return msg.type === "noteOn" ? msg.note : undefined;
  if (msg.note !== src.number) return undefined;
  return msg.type === "noteOn" ? msg.velocity : 0;
}

/** 0–127 → min…max along the mapping's curve. */
export function scale(m: Pick<Mapping, "min" | "max" | "curve" | "integer">, raw: number): number {
  const x = Math.min(127, Math.max(0, raw)) / 127;
  const v = m.curve === "exp" ? m.min * (m.max / m.min) ** x : m.min + (m.max - m.min) * x;
  // Exact ends: 127 gives max, not max ± 1 ulp.
  const exact = x === 1 ? m.max : x === 0 ? m.min : v;
  return m.integer ? Math.round(exact) : exact;
}

function parseSource(source: string, channelOpt: number | undefined): Source {
  const bad = (why: string): never => {
    throw new ControllerMapError(`bad MIDI source ${JSON.stringify(source)}: ${why}; valid forms: ${SOURCE_FORMS}`);
  };
  if (typeof source !== "string") return bad("not a string");
  const m = /^(cc|note):(\d+|\*)(?::ch(\d+))?$/.exec(source.trim().toLowerCase());
  if (!m) return bad("not one of the valid forms");
  const kind = m[1] as "cc" | "note";
  let number: number | undefined;
  if (m[2] === "*") {
    if (kind === "cc") bad(`"cc:*" is not supported (map each controller by number)`);
  } else {
    number = Number(m[2]);
    if (number > 127) bad(`${kind === "cc" ? "controller" : "note"} ${number} is out of range 0–127`);
  }
  let channel = m[3] === undefined ? undefined : Number(m[3]);
  if (channel !== undefined && (channel < 1 || channel > 16)) bad(`channel ${channel} is out of range 1–16`);
  if (channelOpt !== undefined) {
    if (!Number.isInteger(channelOpt) || channelOpt < 1 || channelOpt > 16) bad(`option channel must be 1–16 as on the device, got ${channelOpt}`);
    if (channel !== undefined && channel !== channelOpt) bad(`channel ${channel} in the source and channel ${channelOpt} in the options disagree`);
    channel = channelOpt;
  }
  return { kind, number, channel: channel === undefined ? undefined : channel - 1 };
}

/** The canonical source string (channel 1-based). */
function format(src: Source): string {
  return `${src.kind}:${src.number ?? "*"}${src.channel === undefined ? "" : `:ch${src.channel + 1}`}`;
}
