/**
 * Is a silent engine running away, or is the machine just slow? A heartbeat past its deadline
 * says only that the engine made no progress. On a loaded laptop (a DAW, a video call, a build)
 * a healthy engine can wait 150 ms for a CPU, and replacing it then would throw away a REPL line
 * and a takeover's worth of work for nothing (seen: two false takeovers in 25 s with four busy
 * processes on two cores). So where the kernel tells us (Linux /proc), a silence past its deadline
 * counts as runaway code only with evidence about the engine thread itself:
 *
 * - it burned BURN_MS of CPU since it went quiet (a loop: it runs but never gets back), or
 * - it is asleep inside the silence (state S or D at two readings in a row: a synchronous wait,
 *   `execSync("sleep 10")`, `Atomics.wait`; a healthy engine asleep wakes for its 25 ms beat).
 *
 * A thread that is runnable but not burning CPU is waiting for a core: that is the machine, not
 * the code, and the judge waits, up to HARD_CAP_MS of silence, when nothing is worth waiting for.
 * Without /proc (macOS, Windows) the deadline alone decides, as before.
 */
import type { ThreadStat } from "../../output/rt-priority.ts";
import { DEADLINE_MS, type HeartbeatReading } from "./heartbeat.ts";

/** Silence from which the judge starts watching the thread's CPU (ms): well under every deadline. */
export const SUSPECT_MS = 50;
/** CPU a thread must burn in one silence to count as a loop (ms; the kernel counts in 10 ms steps). */
export const BURN_MS = 50;
/** Past this silence an engine is replaced whatever the evidence (ms). */
export const HARD_CAP_MS = 3000;

export type Verdict = "runaway" | "slow machine" | undefined;

export class StallJudge {
  /** The silence being watched: its start (the last beat) and the thread's CPU when first seen. */
  private watching: { aliveAt: number; cpuMs: number; asleep: number } | undefined;

  constructor(private readonly stat: (tid: number) => ThreadStat | undefined) {}

  /** undefined: healthy; "slow machine": past the deadline but the code is not to blame (yet); "runaway". */
  judge(r: HeartbeatReading): Verdict {
    if (r.silentMs <= SUSPECT_MS) {
      this.watching = undefined;
      return undefined;
    }
    const s = r.tid > 0 ? this.stat(r.tid) : undefined;
    if (s && this.watching?.aliveAt !== r.aliveAt) this.watching = { aliveAt: r.aliveAt, cpuMs: s.cpuMs, asleep: 0 };
    if (s && this.watching) this.watching.asleep = s.state === "S" || s.state === "D" ? this.watching.asleep + 1 : 0;
    if (r.silentMs <= DEADLINE_MS[r.phase]) return undefined;
    if (!s || !this.watching || r.silentMs > Math.max(HARD_CAP_MS, DEADLINE_MS[r.phase])) return "runaway";
    if (s.cpuMs - this.watching.cpuMs >= BURN_MS) return "runaway";
    if (this.watching.asleep >= 2) return "runaway";
    return "slow machine";
  }
}
