/**
 * A thread we raised to real-time priority must never keep a core to itself: at SCHED_FIFO a
 * thread that stops sleeping starves everything else on that core (measured once: a thread of a
 * daemon promoted with the audio library's threads burned 95 % of a core for 26 minutes, the
 * kernel's real-time throttle being all that was left for the rest). The synth thread promotes
 * the threads the audio library started, found as the threads that appeared while the audio
 * context opened — a guess another thread starting at that moment can slip into. So each second
 * every promoted thread is weighed; one that used nearly the whole second goes back to normal.
 */
export class SpinGuard {
  /** Share of the elapsed time above which a thread counts as spinning. */
  static readonly LIMIT = 0.9;
  private readonly lastCpu = new Map<number, number>();

  constructor(
    threads: readonly number[],
    private readonly cpuMs: (tid: number) => number | undefined,
    private readonly demote: (tid: number) => boolean,
  ) {
    for (const t of threads) this.lastCpu.set(t, cpuMs(t) ?? 0);
  }

  /** Weigh every watched thread over the last `elapsedMs`; returns those put back to normal. */
  check(elapsedMs: number): number[] {
    const demoted: number[] = [];
    for (const [tid, before] of this.lastCpu) {
      const now = this.cpuMs(tid);
      if (now === undefined) {
        this.lastCpu.delete(tid); // the thread ended
        continue;
      }
      this.lastCpu.set(tid, now);
      // /proc counts CPU in 10 ms steps: a second needs more than a step's doubt to be judged.
      if (elapsedMs >= 500 && now - before > SpinGuard.LIMIT * elapsedMs) {
        this.demote(tid);
        this.lastCpu.delete(tid);
        demoted.push(tid);
      }
    }
    return demoted;
  }

  /** Threads still watched. */
  get watched(): number[] {
    return [...this.lastCpu.keys()];
  }
}
