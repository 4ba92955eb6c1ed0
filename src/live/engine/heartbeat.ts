/**
 * The engine's heartbeat, in shared memory so the supervisor can read it while the engine is stuck:
 * when the engine last made progress (an instant of music, a turn of its event loop), what it was
 * doing (music at a tick, a patch's top level, a REPL line …) and which node's code was running.
 * A heartbeat older than its phase's deadline means runaway code, once stall-judge.ts has ruled
 * out a machine too busy to run it.
 */
import { nowMs } from "../../output/clock.ts";
import { currentTid } from "../../output/rt-priority.ts";

export const enum Phase {
  /** Between tasks: timers, I/O, awaits. */
  Idle = 0,
  /** Computing an instant of music (nodes' handlers, async nodes, signals). */
  Music = 1,
  /** Running a patch's top level in the live session. */
  Patch = 2,
  /** Running a REPL line. */
  Repl = 3,
  /** Running a dot-command. */
  Command = 4,
  /** A standby applying journal entries. */
  Follow = 5,
}

export const PHASE_NAMES = ["between tasks", "playing", "loading a patch", "running a REPL line", "running a command", "following the journal"] as const;

/**
 * How long each phase may go without progress before it counts as runaway (ms). Music and REPL
 * lines must be caught soon after what the lookahead and the output latency cover (50 + 40 ms by
 * default): the longest instant measured is 13 ms (a piano composing a phrase), so 150 ms is far
 * from any honest work. A patch's top level has already run once in its rehearsal (on a thread of
 * its own, where a runaway is caught without touching the music), so here it only gets a backstop.
 */
export const DEADLINE_MS: Record<Phase, number> = {
  [Phase.Idle]: 150,
  [Phase.Music]: 150,
  [Phase.Patch]: 2000,
  [Phase.Repl]: 150,
  [Phase.Command]: 1000,
  [Phase.Follow]: 5000,
};

/** How often an engine says it is alive between instants (ms): the playing one well inside its deadlines. */
export const PLAYING_BEAT_MS = 25;
/** A standby keeps no deadline (it only follows, and the follow beats at every instant): it beats rarely. */
export const STANDBY_BEAT_MS = 500;

const BYTES = 64;
const ALIVE_AT = 0; // Float64: nowMs() of the last progress
const TICK = 1; // Float64: the instant being computed
const PHASE = 8; // Int32 (byte offset 32)
const NODE = 9; // Int32: id of the node whose code runs (-1: none)
const DETAIL = 10; // Int32: the request id or patch id the phase is about
const TID = 11; // Int32: the engine thread's kernel id (0: unknown), for its CPU time and state

export function heartbeatBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BYTES);
}

/** The engine's side: cheap stores, no allocation. */
export class HeartbeatWriter {
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly ids = new Map<string, number>();

  constructor(
    buffer: SharedArrayBuffer,
    /** Told the first time a node name gets an id (the supervisor keeps the table). */
    private readonly named: (id: number, name: string) => void,
    private readonly now: () => number = nowMs,
    tid: number | undefined = currentTid(),
  ) {
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.i32[NODE] = -1;
    this.i32[TID] = tid ?? 0;
    this.beat();
  }

  /** Progress. */
  beat(): void {
    this.f64[ALIVE_AT] = this.now();
  }

  enter(phase: Phase, detail = 0): void {
    this.f64[ALIVE_AT] = this.now();
    Atomics.store(this.i32, DETAIL, detail);
    Atomics.store(this.i32, PHASE, phase);
  }

  leave(): void {
    this.enter(Phase.Idle);
  }

  /** An instant of music begins. */
  instant(tick: number): void {
    this.f64[TICK] = tick;
    this.f64[ALIVE_AT] = this.now();
    if (this.i32[PHASE] === Phase.Idle) Atomics.store(this.i32, PHASE, Phase.Music);
  }

  /** Node `name`'s synchronous code starts or resumes (undefined: no node's). */
  acting(name: string | undefined): void {
    Atomics.store(this.i32, NODE, name === undefined ? -1 : this.idOf(name));
  }

  private idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(name, id);
      this.named(id, name);
    }
    return id;
  }
}

export interface HeartbeatReading {
  /** ms since the last progress */
  silentMs: number;
  phase: Phase;
  tick: number;
  /** The node id whose code was running, or -1. */
  node: number;
  detail: number;
  /** When the engine last made progress (nowMs()): one silence is one value of this. */
  aliveAt: number;
  /** The engine thread's kernel id, 0 if unknown. */
  tid: number;
}

/** The supervisor's side. */
export class HeartbeatReader {
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  read(now = nowMs()): HeartbeatReading {
    return {
      silentMs: now - this.f64[ALIVE_AT]!,
      phase: Atomics.load(this.i32, PHASE) as Phase,
      tick: this.f64[TICK]!,
      node: Atomics.load(this.i32, NODE),
      detail: Atomics.load(this.i32, DETAIL),
      aliveAt: this.f64[ALIVE_AT]!,
      tid: Atomics.load(this.i32, TID),
    };
  }
}
