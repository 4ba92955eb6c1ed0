/**
 * The daemon's MIDI in and clock: an input port whose controllers become the performer's param
 * cues and whose MIDI clock can lead the tempo, and MIDI clock out for hardware that follows us.
 */
import { performance } from "node:perf_hooks";
import { clampBpm } from "../core/tempo-map.ts";
import { MidiClockFollower } from "../midi/clock/clock-in.ts";
import { MidiClockOut } from "../midi/clock/clock-out.ts";
import { MidiParser } from "../midi/input/parser.ts";
import type { LiveSet } from "./live-set.ts";
import { openMidiInput, type MidiInputPort } from "./midi-input.ts";

export interface MidiControlOptions {
  /** Take controllers (and clock, with clockIn) from this input: NAME, INDEX or /REGEX/. */
  midiIn?: string;
  clockIn?: boolean;
  clockOut?: boolean;
  /** Realtime only: open the input port (tests feed bytes instead). */
  openPorts: boolean;
  say: (text: string) => void;
  warn: (text: string) => void;
}

export class MidiControl {
  input: MidiInputPort | undefined;
  readonly clockOut: MidiClockOut | undefined;
  readonly clockIn: MidiClockFollower | undefined;
  private readonly parser = new MidiParser();
  private readonly poll: NodeJS.Timeout | undefined;

  private constructor(
    private readonly set: LiveSet,
    private readonly o: MidiControlOptions,
  ) {
    const { session } = set;
    if (o.clockIn) {
      this.clockIn = new MidiClockFollower({
        onTempo: (bpm) => {
          set.cues.soon({ kind: "tempo", bpm: clampBpm(bpm) });
        },
        onLost: () => o.warn("MIDI clock in: lost (no clock for 0.5 s); the tempo stays where it was"),
        onStart: () => o.say("MIDI clock in: start"),
        onStop: () => o.say("MIDI clock in: stop"),
      });
      // The follower has no timer of its own: it notices a lost clock when polled.
      this.poll = setInterval(() => this.clockIn?.poll(performance.now()), 100);
      this.poll.unref();
    }
    if (o.clockOut) {
      const midi = session.midi;
      this.clockOut = new MidiClockOut(session.system.timeline, (tick, bytes) => midi.output?.send(tick, bytes));
    }
  }

  static async open(set: LiveSet, o: MidiControlOptions): Promise<MidiControl> {
    const c = new MidiControl(set, o);
    if (o.midiIn !== undefined && o.openPorts) {
      try {
        c.input = await openMidiInput(o.midiIn, (bytes, atMs) => c.feed(bytes, atMs));
      } catch (err) {
        o.warn(`no MIDI input (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); controllers and clock-in are off`);
      }
    }
    return c;
  }

  /**
   * Bytes from the MIDI input (or a test): parsed, bad bytes reported (nothing else lost),
   * controller messages mapped to param cues, clock messages to the clock follower.
   */
  feed(bytes: ArrayLike<number>, atMs: number = performance.now()): void {
    for (const msg of this.parser.push(bytes, atMs)) {
      if (msg.type === "error") {
        this.o.warn(`MIDI in: ${msg.message}`);
        continue;
      }
      this.set.session.controllers.handle(msg);
      this.clockIn?.handle(msg, atMs);
    }
  }

  /** The set ends: hardware following our clock stops with it; the input closes. */
  close(): void {
    if (this.poll) clearInterval(this.poll);
    this.clockOut?.dispose(true);
    this.input?.close();
    this.input = undefined;
  }
}
