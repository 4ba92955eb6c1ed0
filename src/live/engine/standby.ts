/**
 * The standby engine: a second engine that follows the journal of the playing one, a few
 * milliseconds behind, silently. When the playing engine runs away, the standby takes its place
 * at once: the instant it was stuck in is played again without the culprit, on the same grid
 * (same tempo map, same origin on the output clock), and the recording is rewritten from the
 * standby's own copy of the set. Nothing needs replaying from the start, so a takeover costs the
 * same at minute 1 and at minute 60.
 */
import { performance } from "node:perf_hooks";
import type { Daemon } from "../daemon.ts";
import { JournalFollower } from "../follow.ts";
import type { JournalEntry } from "../journal.ts";
import { LivePort } from "../../output/live-port.ts";
import type { OpenOutput } from "../../output/open-output.ts";
import { nowMs } from "../../output/clock.ts";
import { PPQ } from "../../core/time.ts";
import { portLink } from "../recording-link.ts";
import { carryInto } from "./carried.ts";
import type { EngineInit, TakeoverOrder } from "./protocol.ts";

/**
 * How long it takes from working out which notes are too late to the first message reaching the
 * output thread (the new engine computing its first window and the hand-over): notes due within
 * this much of "too late" are dropped rather than sent late.
 */
const TAKEOVER_MARGIN_S = 0.01;
/** Clock out resumes on a sixteenth: a song position counts in them. */
const SIXTEENTH = PPQ / 4;

export interface Silence {
  from: number;
  until: number;
  /** How long that was (ms of music). */
  ms: number;
}

export class Standby {
  private readonly follower: JournalFollower;
  /** Journal entries and time are applied strictly in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly daemon: Daemon,
    /** The set's MIDI ports (--midi-in, clock in and out): a standby opens them when it takes over. */
    private readonly ports: Pick<EngineInit, "midiIn" | "clockIn" | "clockOut"> = {},
  ) {
    this.follower = new JournalFollower(daemon.set, daemon.loader, (file, script) => daemon.reloader.nowPlaying(file, script));
  }

  /** Apply entries the playing engine acted on, then play (silently) every tick before `commit`. */
  follow(entries: readonly JournalEntry[], commit: number): Promise<void> {
    const timeline = this.daemon.session.system.timeline;
    this.queue = this.queue.then(async () => {
      for (const e of entries) await this.follower.apply(e);
      if (commit > timeline.now) await timeline.runUntil(commit);
    });
    return this.queue;
  }

  /**
   * Take over from the runaway engine. Returns the notes that had to be dropped (their time
   * passed), and the patch the culprit node came from.
   */
  async takeOver(order: TakeoverOrder, output: OpenOutput | undefined): Promise<{ silence?: Silence; owner?: string }> {
    await this.queue;
    const d = this.daemon;
    const { system, midi } = d.session;
    const timeline = system.timeline;
    // Every instant before the one it was stuck in was played by the old engine: catch up to it.
    if (order.stuckTick !== undefined && order.stuckTick > timeline.now) await timeline.runUntil(order.stuckTick);
    const at = timeline.now;
    const silence = order.latencyMs === undefined ? undefined : tooLate(d, order, at);
    d.journaling = true;
    if (order.lastReload) d.lastReload = { ...order.lastReload, at: new Date(order.lastReload.at) };
    d.set.cues.at(at, {
      kind: "takeover",
      reason: order.reason,
      ...(order.node !== undefined ? { node: order.node } : {}),
      ...(silence ? { silenceFrom: silence.from, silenceUntil: silence.until } : {}),
    });
    if (output) {
      d.port = new LivePort(system, output, d.session.beatsPerBar);
      midi.output = d.port;
      d.noPortReason = undefined;
    } else {
      d.noPortReason = "no live port asked for";
    }
    if (order.carried) carryInto(d, order.carried, (t) => d.warn(t));
    await this.openMidiPorts(at);
    d.recording = d.record(d.recordPath, 0, true, portLink(Promise.resolve(order.recording)));
    if (order.take) d.take = d.record(order.take.path, order.take.fromTick, true, portLink(Promise.resolve(order.take.port)));
    // The grid goes on where the old engine's was: musical second 0 at the same output-clock time.
    d.run(order.originMs - performance.timeOrigin);
    // Back into the Link session (a new peer to the others; the grid is already in its phase).
    if (d.linkWanted) await d.startLink().catch((err: unknown) => d.session.system.bus.report({ kind: "link", message: `Link: ${String(err)}` }));
    const owner = order.node === undefined ? undefined : d.set.stage.ownerOf(order.node);
    return { ...(silence ? { silence } : {}), ...(owner ? { owner } : {}) };
  }

  /**
   * The MIDI input (controllers, clock in) and clock out the old engine had: its ports closed with
   * it. Clock out goes on from the next sixteenth with a song position and a continue, so gear
   * that follows it picks the set up where it is.
   */
  private async openMidiPorts(at: number): Promise<void> {
    if (this.ports.midiIn === undefined && !this.ports.clockOut) return;
    const d = this.daemon;
    await d.openMidi(this.ports, true);
    try {
      d.midiControl.clockOut?.start(Math.ceil(at / SIXTEENTH) * SIXTEENTH);
    } catch (err) {
      d.warn(`MIDI clock out did not resume: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * The notes the new engine cannot send in time: from the first tick the old engine did not send
 * (it was stuck at `at`) to the first tick whose time, plus the output latency, is still ahead.
 */
function tooLate(d: Daemon, order: TakeoverOrder, at: number): Silence | undefined {
  const tempo = d.session.system.timeline.tempo;
  const elapsed = (nowMs() - order.originMs) / 1000;
  const until = Math.ceil(tempo.toTicks(Math.max(0, elapsed - order.latencyMs! / 1000 + TAKEOVER_MARGIN_S)));
  const sent = order.lastSentAt === undefined ? -1 : Math.floor(tempo.toTicks(Math.max(0, (order.lastSentAt - order.originMs) / 1000)));
  const from = Math.max(at, sent + 1);
  return until > from ? { from, until, ms: (tempo.toSeconds(until) - tempo.toSeconds(from)) * 1000 } : undefined;
}
