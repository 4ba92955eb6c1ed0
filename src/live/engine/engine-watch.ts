/**
 * The supervisor's watch over its engines' heartbeats: it tells a runaway playing engine (handed
 * to the supervisor for a takeover) from a busy machine (said now and then), and notices a
 * standby that stopped answering. It reads the heartbeat only as often as a silence could have
 * become suspect, so the main thread wakes little while the music plays.
 */
import { nowMs } from "../../output/clock.ts";
import { threadStat } from "../../output/rt-priority.ts";
import type { EngineHost } from "./engine-host.ts";
import { STANDBY_BEAT_MS, type HeartbeatReading } from "./heartbeat.ts";
import { StallJudge, SUSPECT_MS } from "./stall-judge.ts";

/**
 * How often the heartbeat is read once a silence is suspect (ms): a runaway is noticed at most this
 * long after its deadline. While the engine is plainly alive, the next reading is due only when
 * its silence could first become suspect (SUSPECT_MS after its last sign of life): the supervisor's
 * thread wakes about 25 times a second instead of 50, and notices a runaway just as soon.
 */
const WATCH_EVERY_MS = 20;
/** A warning of one kind (a busy machine, a failed reading) is said at most this often (ms). */
const WARNING_EVERY_MS = 60_000;
/** A standby beats every STANDBY_BEAT_MS when it has nothing to follow; silent this long, it is stuck. */
const STANDBY_DEADLINE_MS = 4 * STANDBY_BEAT_MS;
/** A standby this young is still loading the set (ms): not judged yet. */
const STANDBY_GRACE_MS = 10_000;

export interface Watched {
  primary(): EngineHost;
  standby(): EngineHost | undefined;
  /** A takeover is under way: nothing to judge until it is done. */
  takingOver(): boolean;
  runaway(engine: EngineHost, reading: HeartbeatReading): void;
  /** Said at every reading: this thread is alive (the output thread's heartbeat rides on the watch's wake-ups). */
  alive(): void;
  /** Said at start (true) and stop (false): in between, alive() is said every 20 to 51 ms (WATCH_EVERY_MS to SUSPECT_MS + 1). */
  watching(on: boolean): void;
  standbyStuck(standby: EngineHost): void;
  warn(text: string): void;
}

export class EngineWatch {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Tells runaway code from a busy machine (stall-judge.ts). */
  private readonly judge = new StallJudge(threadStat);
  /** When each kind of warning was last said (they come at every reading while their cause lasts). */
  private readonly saidAt = new Map<"slow" | "failed", number>();

  constructor(private readonly w: Watched) {}

  start(): void {
    this.w.watching(true);
    this.readIn(WATCH_EVERY_MS);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.w.watching(false);
  }

  /** Read the heartbeat in `ms`, and from then on as check() says, whatever a reading throws: the output's heartbeat rides on it. */
  private readIn(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let next = WATCH_EVERY_MS;
      try {
        next = this.check();
      } catch (err) {
        this.warnNowAndThen("failed", () => `the engines' watch failed a reading (it goes on): ${err instanceof Error ? err.message : String(err)}`);
      }
      this.readIn(next);
    }, ms);
    this.timer.unref();
  }

  /** Judge the playing engine's heartbeat (and the standby's); returns when to read it next (ms). */
  private check(): number {
    this.w.alive();
    if (this.w.takingOver()) return WATCH_EVERY_MS;
    const now = nowMs();
    const primary = this.w.primary();
    const reading = primary.heartbeat.read(now);
    const verdict = this.judge.judge(reading);
    if (verdict === "runaway") {
      this.w.runaway(primary, reading);
      return WATCH_EVERY_MS;
    }
    if (verdict === "slow machine") {
      this.warnNowAndThen("slow", () => `the machine is busy: the engine waited ${Math.round(reading.silentMs)} ms for a CPU (not stuck code; the music is computed ahead and keeps time while it can)`);
    }
    const standby = this.w.standby();
    if (standby && standby.heartbeat.read(now).silentMs > STANDBY_DEADLINE_MS && Date.now() - standby.started > STANDBY_GRACE_MS) this.w.standbyStuck(standby);
    // Alive a moment ago: nothing can be suspect before SUSPECT_MS of silence.
    // (Whole milliseconds: Node keeps one timer list per duration, and a fractional one makes a new list each time.)
    return reading.silentMs < SUSPECT_MS ? Math.max(WATCH_EVERY_MS, Math.ceil(SUSPECT_MS - reading.silentMs + 1)) : WATCH_EVERY_MS;
  }

  /** Say a warning of this kind, unless one was said less than WARNING_EVERY_MS ago. */
  private warnNowAndThen(kind: "slow" | "failed", text: () => string): void {
    const now = nowMs();
    if (now - (this.saidAt.get(kind) ?? -Infinity) <= WARNING_EVERY_MS) return;
    this.saidAt.set(kind, now);
    this.w.warn(text());
  }
}
