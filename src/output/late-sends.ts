/**
 * Why sends went out late. When a send misses its time by more than LATE_MS, this records what the
 * output thread was doing when the time came:
 * - `wokeLate`: it was asleep, and the OS woke it only after the time (past the whole spin window);
 * - `lostCpuWhileSpinning`: it was spinning, awake and ready, and lost the CPU (to the host of a
 *   virtual machine, an interrupt, a higher-priority thread): a stretch of the spin took at least
 *   LOST_CPU_MS longer than it should have;
 * - `ownWork`: it was awake but busy — a garbage collection, an event-loop turn, its own
 *   bookkeeping, a spin that misjudged its time (or it lost the CPU in the middle of those).
 * The first two are the machine's; only the third is the thread's to fix. The benchmark reports them.
 *
 * @example const late = new LateSends();
 *          late.woke(nowMs());                   // after each sleep
 *          late.sending(due, nowMs(), { from, overrunMs }); // before each send, if it spun: when the spin
 *                                                          // began, and its worst stretch's overrun
 */

/** A send later than this (ms) counts as late. */
export const LATE_MS = 0.1;
/** A spin stretch this much (ms) longer than estimated lost the CPU. */
export const LOST_CPU_MS = 0.02;

export interface LateCauses {
  wokeLate: number;
  lostCpuWhileSpinning: number;
  ownWork: number;
}

export class LateSends {
  private readonly counts: LateCauses = { wokeLate: 0, lostCpuWhileSpinning: 0, ownWork: 0 };
  private wokeAt = -Infinity;

  /** The thread's last sleep ended at `t`. */
  woke(t: number): void {
    this.wokeAt = t;
  }

  /** A send due at `due` goes out at `now`, after a spin that began `spin.from`, if it spun. */
  sending(due: number, now: number, spin?: { from: number; overrunMs: number }): void {
    if (now - due <= LATE_MS) return;
    if (spin !== undefined && spin.from <= due && spin.overrunMs >= LOST_CPU_MS) this.counts.lostCpuWhileSpinning++;
    else if (this.wokeAt > due) this.counts.wokeLate++;
    else this.counts.ownWork++;
  }

  get causes(): LateCauses {
    return { ...this.counts };
  }
}
