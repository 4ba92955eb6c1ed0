/**
 * MIDI clock out: 24 pulses (0xF8) per quarter note, so hardware follows the daemon's tempo.
 *
 * Pulses sit on the tick grid (every PPQ/24 = 40 ticks, counted from tick 0), not on a period in
 * seconds: the output layer turns each pulse's tick into time through the tempo map, so the clock
 * follows every tempo change exactly, as the notes do. Each pulse is handed to `send` only when
 * the timeline reaches its tick (one timer pending at a time), so a pulse is never computed with
 * a tempo that is changed after it was sent.
 *
 * Transport (MIDI 1.0): Start (0xFA) plays from song position 0. Starting anywhere else sends
 * Song Position Pointer (0xF2, in 16th notes = 6 pulses = 240 ticks) and then Continue (0xFB),
 * since a receiver resets to 0 on Start; `positionMessage: "start"` sends Start after the pointer
 * instead, for devices that want it. Stop is 0xFC; Continue resumes where the receiver stopped.
 * Start and Continue go out at a pulse tick, right before that pulse (the receiver's downbeat).
 *
 * A plain class (not a Node): its start/stop are the transport's, not the node lifecycle's. The
 * owner calls dispose() when the system stops.
 */
import { PPQ } from "../../core/time.ts";
import { CONTROL_PRIORITY, type Cancel, type Timeline } from "../../core/timeline.ts";

/** Ticks between two MIDI clock pulses (24 per quarter note). */
export const PULSE_TICKS = PPQ / 24;
/** Ticks per Song Position unit (a 16th note = 6 pulses). */
export const SIXTEENTH_TICKS = PPQ / 4;
/** The largest Song Position Pointer (14 bits of 16th notes: 1024 bars of 4/4). */
export const MAX_SONG_POSITION = 0x3fff;

export const CLOCK = 0xf8;
export const START = 0xfa;
export const CONTINUE = 0xfb;
export const STOP = 0xfc;
export const SONG_POSITION = 0xf2;

export type SendAt = (tick: number, bytes: number[]) => void;

export interface MidiClockOutOptions {
  /** Keep sending pulses while stopped (many devices show the tempo, and arps run, from them). Default false. */
  clockWhileStopped?: boolean;
  /** What follows the Song Position Pointer when starting away from 0: "continue" (MIDI 1.0, default) or "start". */
  positionMessage?: "continue" | "start";
}

interface Command {
  tick: number;
  cancel: Cancel;
}

export class MidiClockOut {
  private readonly clockWhileStopped: boolean;
  private readonly positionMessage: "continue" | "start";
  /** The transport state after every command given so far (their messages may still be ahead). */
  private intended = false;
  /** The state of what has been sent. */
  private sounding = false;
  private lastPulse = -Infinity;
  private cancelPulse: Cancel | undefined;
  private commands: Command[] = [];
  private disposed = false;

  constructor(
    private readonly timeline: Timeline,
    private readonly send: SendAt,
    options: MidiClockOutOptions = {},
  ) {
    this.clockWhileStopped = options.clockWhileStopped ?? false;
    this.positionMessage = options.positionMessage ?? "continue";
    if (this.clockWhileStopped) this.pulseFrom(this.timeline.now);
  }

  /** True after start()/continue(), false after stop() (the messages go out at their ticks). */
  get running(): boolean {
    return this.intended;
  }

  /**
   * Start the receiver at `atTick` (default now): from song position 0 with Start, or elsewhere
   * with Song Position Pointer + Continue. A non-zero start moves up to the next 16th note unless
   * `positionTicks` (the receiver's song position, a multiple of 240 ticks) is given, in which
   * case it starts on the next pulse. Starting while running relocates: Stop, then the above.
   * Returns the tick it starts at.
   *
   * @example clock.start(0) // sends 0xFA then 0xF8 at tick 0, 0xF8 every 40 ticks after
   * @example clock.start(3840) // bar 2 of 4/4: 0xF2 0x10 0x00 (16 sixteenths), 0xFB, 0xF8 at tick 3840
   */
  start(atTick?: number, positionTicks?: number): number {
    let tick = this.earliest(atTick, true);
    let position = positionTicks;
    if (position === undefined) {
      if (tick !== 0) tick = ceilTo(tick, SIXTEENTH_TICKS);
      position = tick;
    }
    const sixteenths = position / SIXTEENTH_TICKS;
    if (!Number.isInteger(sixteenths) || sixteenths < 0 || sixteenths > MAX_SONG_POSITION) {
      throw new RangeError(
        `MIDI clock: song position ${position} ticks cannot be sent: it must be a whole number of 16th notes (${SIXTEENTH_TICKS} ticks) from 0 to ${MAX_SONG_POSITION} (1024 bars of 4/4); pass start(atTick, positionTicks) with a position inside that range`,
      );
    }
    this.command(tick, true, () => {
      if (this.sounding) this.send(tick, [STOP]);
      if (sixteenths === 0) this.send(tick, [START]);
      else {
        this.send(tick, [SONG_POSITION, sixteenths & 0x7f, sixteenths >> 7]);
        this.send(tick, [this.positionMessage === "start" ? START : CONTINUE]);
      }
    });
    return tick;
  }

  /** Stop at `atTick` (default now): no pulse at or after it (unless clockWhileStopped). Returns the tick. */
  stop(atTick?: number): number {
    const tick = this.earliest(atTick, false);
    this.command(tick, false, () => this.send(tick, [STOP]));
    return tick;
  }

  /**
   * Resume from where the receiver stopped, on the first pulse at or after `atTick` (default now).
   * Does nothing while running (returns undefined).
   */
  continue(atTick?: number): number | undefined {
    if (this.intended) return undefined;
    const tick = this.earliest(atTick, true);
    this.command(tick, true, () => this.send(tick, [CONTINUE]));
    return tick;
  }

  /** Cancel every timer. With `sendStop`, a running receiver gets Stop now. Nothing is sent after. */
  dispose(sendStop = false): void {
    if (this.disposed) return;
    for (const c of this.commands) c.cancel();
    this.commands = [];
    this.cancelPulse?.();
    if (sendStop && this.sounding) this.send(this.timeline.now, [STOP]);
    this.sounding = this.intended = false;
    this.disposed = true;
  }

  /**
   * The first tick a transport message may go at: not before now, and — for Start/Continue, which
   * must precede the pulse they go with — on the pulse grid after the last pulse sent.
   */
  private earliest(atTick: number | undefined, onPulse: boolean): number {
    if (this.disposed) throw new Error("MIDI clock: disposed");
    if (atTick !== undefined && !Number.isFinite(atTick)) throw new RangeError(`MIDI clock: tick must be a finite number, got ${atTick}`);
    const now = this.timeline.now;
    const tick = Math.max(Math.ceil(atTick ?? now), now);
    return onPulse ? ceilTo(Math.max(tick, this.lastPulse + 1), PULSE_TICKS) : tick;
  }

  /**
   * Schedule a transport change. A new command rewrites the future: pending commands at or after
   * its tick are dropped (stop(1000) then start(500) leaves only the start).
   */
  private command(tick: number, run: boolean, messages: () => void): void {
    this.commands = this.commands.filter((c) => (c.tick >= tick ? (c.cancel(), false) : true));
    this.intended = run;
    const entry: Command = {
      tick,
      cancel: this.timeline.at(
        tick,
        () => {
          this.commands = this.commands.filter((c) => c !== entry);
          this.cancelPulse?.();
          this.cancelPulse = undefined;
          messages();
          this.sounding = run;
          if (run || this.clockWhileStopped) this.pulseFrom(tick);
        },
        // Before the pulse of the same tick: Stop cuts that pulse, Start/Continue precede it.
        CONTROL_PRIORITY,
      ),
    };
    this.commands.push(entry);
  }

  /** Send pulses from the first grid tick at or after `tick`, one timer ahead. */
  private pulseFrom(tick: number): void {
    const next = ceilTo(Math.max(tick, this.lastPulse + 1), PULSE_TICKS);
    this.cancelPulse = this.timeline.at(next, () => {
      this.lastPulse = next;
      this.send(next, [CLOCK]);
      this.pulseFrom(next + PULSE_TICKS);
    });
  }
}

function ceilTo(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}
