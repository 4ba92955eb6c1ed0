/**
 * The set in an Ableton Link session: its tempo follows the session's, the session follows its
 * tempo, and its bar lines fall on the session's at the quantum.
 *
 * - **Tempo from the session** goes through the one tempo door: a journaled `tempo` cue (as
 *   `.bpm`, a controller or MIDI clock in do), so `magicbus replay` renders the set with the tempo
 *   changes it had. The change takes effect at the clock's next step.
 * - **Tempo from the set** (`bpm()`, `.bpm`, a patch): each new tempo in the tempo map that the
 *   session did not cause becomes a new session timeline, from the moment it sounds.
 * - **Phase** is not a musical change: the realtime clock's origin (where musical second 0 falls on
 *   the wall clock) moves, so the music and the journal stay what they were and only when they
 *   sound moves. Checked every 20 ms against the session's timeline at the moment of *sound* (the
 *   output latency included). A small error is shifted away at once (later or earlier); a large one
 *   when joining is waited out — the set pauses until its next bar line meets the session's, rather
 *   than skipping music.
 * - When peers leave or the network goes, the session is ours alone: the tempo stays where it was
 *   and the set goes on.
 */
import { PPQ } from "../../core/time.ts";
import type { System } from "../../core/system.ts";
import type { CueSheet } from "../cues.ts";
import { hostUs, LinkPeer } from "./link-peer.ts";
import { beatsAt, bpmOf, phaseError } from "./timeline.ts";
import type { StartStop, Timeline } from "./wire.ts";

const CHECK_EVERY_MS = 20;
/** Phase errors smaller than this (ms) are left alone: no shift for the rounding of a tempo. */
const PHASE_DEADBAND_MS = 0.2;
/** Two tempos closer than this (bpm) are the same (Link carries µs per beat: 133 bpm is 132.99994). */
const SAME_BPM = 0.005;

export interface LinkSyncOptions {
  system: System;
  cues: CueSheet;
  quantum: number;
  /** The output latency (ms): a tick sounds this long after its wall-clock time. */
  latencyMs: () => number;
  /** Lookahead of the realtime clock (ms): a shift earlier than this needs no music skipped. */
  lookaheadMs: number;
  say: (text: string) => void;
  warn: (text: string) => void;
  /** The clock's origin moved (ms on the output clock): a supervisor keeps it for a takeover. */
  onOrigin?: (originMs: number) => void;
  /** IPv4 interfaces (tests: loopback only). */
  interfaces?: string[];
  /** Start/stop sync: the session's start and stop silence and resume the set (journaled `transport` cues). */
  startStop?: boolean;
  /** Whether the set is playing (not stopped by the session) now. */
  playing?: () => boolean;
}

export class LinkSync {
  private timer: NodeJS.Timeout | undefined;
  /** The transport state last cued (a cue may still be waiting for its tick: the sink's state lags). */
  private cuedPlaying: boolean | undefined;
  /** A tempo we cued because the session has it, until it is in the tempo map. */
  private pendingBpm: number | undefined;
  private seenChanges: number;
  private lastTimeline: Timeline;
  /** Statistics: phase corrections and the largest (ms). */
  shifts = 0;
  largestShiftMs = 0;

  private constructor(
    readonly peer: LinkPeer,
    private readonly o: LinkSyncOptions,
  ) {
    this.seenChanges = o.system.timeline.tempo.changes.length;
    this.lastTimeline = peer.timeline;
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  static async start(o: LinkSyncOptions): Promise<LinkSync> {
    if (!(Number.isInteger(o.quantum) && o.quantum >= 1 && o.quantum <= 64)) throw new RangeError(`the Link quantum is a whole number of beats from 1 to 64, got ${o.quantum}`);
    let sync: LinkSync | undefined;
    const peer = await LinkPeer.start({
      bpm: o.system.timeline.tempo.bpmAt(o.system.timeline.now),
      beatsAt: (host) => ourBeatsAt(o, host),
      ...(o.interfaces ? { interfaces: o.interfaces } : {}),
      onPeers: (n) => o.say(`Link: ${n} peer${n === 1 ? "" : "s"}${n === 0 ? " (the set keeps its tempo and goes on)" : ""}`),
      ...(o.startStop
        ? {
            startStopSync: true,
            onStartStop: (s: StartStop) => {
              o.say(`Link: the session ${s.playing ? "started" : "stopped"}`);
              sync?.transport(s.playing, s.timestamp);
            },
          }
        : {}),
      onTimeline: (tl, why) => {
        if (why === "joined") o.say(`Link: joined a session at ${round2(bpmOf(tl))} bpm`);
        sync?.check();
      },
      report: o.warn,
    });
    sync = new LinkSync(peer, o);
    return sync;
  }

  /**
   * Resolves once the network has had its say: nobody else heard for `quietMs` after we started,
   * or the session we will play in is joined and measured — at most `maxMs`. A set waits for this
   * before its music starts, so it starts at the session's tempo and on its bar lines.
   */
  async settled(quietMs = 400, maxMs = 2000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const waited = Date.now() - start;
      const undecided = this.peer.measuring || this.peer.foreignPeers > 0;
      if (waited >= maxMs || (waited >= quietMs && !undecided)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Start or stop the session and the set (`.link start|stop`). */
  setPlaying(playing: boolean): void {
    if (!this.o.startStop) throw new Error("start/stop sync is off: start the set with --link-start-stop");
    this.peer.setPlaying(playing, hostUs());
    this.cuedPlaying = playing;
    this.o.cues.soon({ kind: "transport", playing });
  }

  /** The session started or stopped at its ghost time `ghostUs`: the set follows at the tick that sounds then. */
  private transport(playing: boolean, ghostUs: number): void {
    if ((this.cuedPlaying ?? this.o.playing?.()) === playing) return;
    this.cuedPlaying = playing;
    const cue = { kind: "transport", playing } as const;
    const at = this.tickSounding(ghostUs - this.peer.intercept);
    if (at !== undefined && at >= this.o.cues.nextFreeTick) this.o.cues.at(at, cue);
    else this.o.cues.soon(cue);
  }

  get peerCount(): number {
    return this.peer.peerCount;
  }

  /** The session's tempo. */
  get bpm(): number {
    return bpmOf(this.peer.timeline);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.peer.close();
  }

  /**
   * Where a fresh set should start (musical second 0 on the driver's clock, ms), given the earliest
   * it can: alone, the session is re-founded on the set's own first beat; with peers, the start
   * moves later to the session's next bar line (or earlier by less than the lookahead). Assumes
   * the tempo is constant from the start (the session's, when a tempo cue for it is pending).
   */
  alignStart(originMs: number): number {
    const bpm = this.pendingBpm ?? this.o.system.timeline.tempo.bpmAt(0);
    const msPerBeat = 60_000 / bpm;
    const host = hostUs();
    const soundingMs = host / 1000 - performance.timeOrigin - this.o.latencyMs();
    const ours = (soundingMs - originMs) / msPerBeat;
    if (this.peer.sessionId === this.peer.nodeId && this.peer.peerCount === 0) {
      this.peer.refound(bpm, ours, host);
      this.lastTimeline = this.peer.timeline;
      return originMs;
    }
    const e = phaseError(ours, beatsAt(this.peer.timeline, this.peer.ghost(host)), this.o.quantum);
    let shiftMs = e * msPerBeat;
    if (shiftMs < -0.8 * this.o.lookaheadMs) shiftMs += this.o.quantum * msPerBeat;
    return originMs + shiftMs;
  }

  /** Tempo one way or the other, then phase. */
  check(): void {
    const { system, cues } = this.o;
    const tempo = system.timeline.tempo;
    const changes = tempo.changes;
    const session = this.peer.timeline;
    const sessionBpm = round2(bpmOf(session));
    // What the set's tempo map has become since the last look.
    for (; this.seenChanges < changes.length; this.seenChanges++) {
      const c = changes[this.seenChanges]!;
      if (this.pendingBpm !== undefined && Math.abs(c.bpm - this.pendingBpm) < SAME_BPM) {
        this.pendingBpm = undefined;
        continue;
      }
      // The set changed its own tempo: the session follows, from the moment the change sounds.
      if (Math.abs(c.bpm - bpmOf(this.peer.timeline)) >= SAME_BPM && session === this.lastTimeline) {
        const at = soundHostUs(this.o, c.tick);
        if (at !== undefined) this.peer.setTempo(c.bpm, at);
        this.lastTimeline = this.peer.timeline;
      }
    }
    if (this.peer.timeline !== this.lastTimeline) {
      // The session changed (a peer's tempo, or a session we joined): through the tempo door.
      this.lastTimeline = this.peer.timeline;
      const ours = tempo.bpmAt(system.timeline.now);
      if (Math.abs(ours - sessionBpm) >= SAME_BPM && this.pendingBpm !== sessionBpm) {
        this.pendingBpm = sessionBpm;
        // At the tick where the session's change sounds, if that is still ahead of the music; else now.
        const cue = { kind: "tempo", bpm: sessionBpm } as const;
        const at = this.tickSounding(this.peer.timeline.timeOrigin - this.peer.intercept);
        if (at !== undefined && at >= cues.nextFreeTick) cues.at(at, cue);
        else cues.soon(cue);
      }
    }
    if (this.pendingBpm === undefined) this.phase();
  }

  /** Our tick that sounds at host time `host` (µs), or undefined before the clock runs. */
  private tickSounding(host: number): number | undefined {
    const driver = this.o.system.realtime;
    if (!driver || driver.origin === undefined) return undefined;
    const wallMs = host / 1000 - performance.timeOrigin - this.o.latencyMs();
    return Math.round(this.o.system.timeline.tempo.toTicks((wallMs - driver.origin) / 1000));
  }

  /** Move the clock's origin so that our bar lines sound on the session's. */
  private phase(): void {
    const driver = this.o.system.realtime;
    if (!driver || driver.origin === undefined) return;
    const host = hostUs();
    const ours = ourBeatsAt(this.o, host);
    if (ours === undefined) return;
    const theirs = beatsAt(this.peer.timeline, this.peer.ghost(host));
    const e = phaseError(ours, theirs, this.o.quantum);
    const msPerBeat = 60_000 / this.o.system.timeline.tempo.bpmAt(this.o.system.timeline.now);
    let shiftMs = e * msPerBeat;
    if (Math.abs(shiftMs) < PHASE_DEADBAND_MS) return;
    // Earlier by more than the lookahead would skip music: wait for the next bar line instead.
    if (shiftMs < -0.8 * this.o.lookaheadMs) shiftMs += this.o.quantum * msPerBeat;
    driver.shiftOrigin(shiftMs);
    this.shifts++;
    this.largestShiftMs = Math.max(this.largestShiftMs, Math.abs(shiftMs));
    if (Math.abs(shiftMs) > 20) this.o.say(`Link: in phase with the session (${shiftMs > 0 ? "waited" : "moved on"} ${Math.abs(shiftMs).toFixed(0)} ms)`);
    this.o.onOrigin?.(performance.timeOrigin + driver.origin);
  }
}

/** The set's beat that sounds at host time `host` (µs), or undefined before the clock runs. */
function ourBeatsAt(o: LinkSyncOptions, host: number): number {
  const driver = o.system.realtime;
  const tempo = o.system.timeline.tempo;
  if (!driver || driver.origin === undefined) return tempo.toTicks(o.system.timeline.nowSeconds) / PPQ;
  const wallMs = host / 1000 - performance.timeOrigin; // the driver's clock is performance.now()
  const seconds = (wallMs - o.latencyMs() - driver.origin) / 1000;
  return tempo.toTicks(seconds) / PPQ;
}

/** Host time (µs) at which `tick` sounds. */
function soundHostUs(o: LinkSyncOptions, tick: number): number | undefined {
  const driver = o.system.realtime;
  if (!driver || driver.origin === undefined) return undefined;
  return (performance.timeOrigin + driver.wallMsAt(o.system.timeline.tempo.toSeconds(tick)) + o.latencyMs()) * 1000;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
