/**
 * EventRecorder: keeps the events that pass on the bus (of the given types, from the given
 * nodes), with their tick and source, and prints them the way a musician reads them:
 * `1:1.000 arp D4 v108 0.22b`. Bounded: beyond `limit` events the oldest are dropped.
 */
import type { EventBus, EventType } from "../core/bus.ts";
import { BusEvent, NoteEvent, ParamChangeEvent, TriggerEvent, ValueEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { formatPosition } from "../core/time.ts";
import { midiVelocity } from "../song/velocity.ts";

export interface EventRecorderOptions extends NodeOptions {
  types?: ReadonlyArray<EventType<BusEvent>>;
  from?: string | readonly string[];
  limit?: number;
  beatsPerBar?: number;
}

const NOTE_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

/** MIDI 62 → "D4" (middle C = C4). */
export function noteName(pitch: number): string {
  return `${NOTE_NAMES[((pitch % 12) + 12) % 12]}${Math.floor(pitch / 12) - 1}`;
}

export class EventRecorder extends Node {
  readonly kind = "recorder";
  readonly events: BusEvent[] = [];
  dropped = 0;
  private readonly types: ReadonlyArray<EventType<BusEvent>>;
  private readonly from: string | readonly string[] | undefined;
  private readonly limit: number;
  private readonly beatsPerBar: number;

  constructor(bus: EventBus, options: EventRecorderOptions = {}) {
    super(bus, "recorder", options);
    this.types = options.types ?? [BusEvent];
    this.from = options.from;
    this.limit = options.limit ?? 100_000;
    this.beatsPerBar = options.beatsPerBar ?? 4;
  }

  protected override onStart(): void {
    for (const type of this.types) {
      this.listen(type, (ev) => this.keep(ev), this.from !== undefined ? { from: this.from } : {});
    }
  }

  clear(): void {
    this.events.length = 0;
  }

  /** Events of one type. */
  of<E extends BusEvent>(type: EventType<E>): E[] {
    return this.events.filter((e): e is E => e instanceof type);
  }

  /** One readable line per event (the newest `limit`). */
  lines(): string[] {
    return this.events.slice(-this.limit).map((e) => this.format(e));
  }

  format(e: BusEvent): string {
    const at = `${formatPosition(e.tick ?? 0, this.beatsPerBar)} ${e.source ?? "?"}`;
    if (e instanceof NoteEvent) return `${at} ${noteName(e.pitch)} v${midiVelocity(e.velocity)} ${e.gateBeats.toFixed(2)}b`;
    if (e instanceof TriggerEvent) return `${at} trigger ${e.name}`;
    if (e instanceof ValueEvent) return `${at} value ${e.name}=${e.value.toFixed(3)}`;
    if (e instanceof ParamChangeEvent) return `${at} set ${e.target}.${e.param}=${JSON.stringify(e.value)}`;
    return `${at} ${e.kind}`;
  }

  private keep(ev: BusEvent): void {
    this.events.push(ev);
    // Trim in batches: shifting one at a time would cost O(limit) per event once full.
    const excess = this.events.length - this.limit;
    if (excess > this.limit / 10) {
      this.events.splice(0, excess);
      this.dropped += excess;
    }
  }
}
