/**
 * Ask Linux to run the calling thread under SCHED_FIFO, so that a sleeping output thread is woken
 * ahead of ordinary work. Needs CAP_SYS_NICE (or an rtprio limit) and an RT budget in the cgroup;
 * where any of that is missing it falls back silently to normal scheduling and says which is in use.
 * Must be called on the thread to promote: /proc/thread-self names the caller's kernel thread id.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface PriorityReport {
  /** "SCHED_FIFO 10" or "normal". */
  policy: string;
  /** Kernel thread id of the output thread (Linux), for `chrt -p` and /proc. */
  tid?: number;
  /** Why real-time scheduling is not in use. */
  reason?: string;
}

/** The caller's kernel thread id, or undefined off Linux. */
export function currentTid(): number | undefined {
  try {
    return Number(readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return undefined;
  }
}

export function tryRealtimePriority(priority: number | false): PriorityReport {
  const tid = currentTid();
  if (priority === false) return { policy: "normal", ...(tid ? { tid } : {}), reason: "real-time priority not requested" };
  if (tid === undefined) return { policy: "normal", reason: "no /proc/thread-self (not Linux)" };
  return promoteThread(tid, priority);
}

/** The kernel thread ids of this process (Linux; none elsewhere). */
export function processThreads(): number[] {
  try {
    return readdirSync("/proc/self/task").map(Number);
  } catch {
    return [];
  }
}

/** Ask for SCHED_FIFO `priority` for thread `tid` of this process (Linux, where permitted). */
export function promoteThread(tid: number, priority: number): PriorityReport {
  const r = spawnSync("chrt", ["-f", "-p", String(priority), String(tid)], { encoding: "utf8", timeout: 2000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || `chrt exited ${r.status}`).trim().split("\n")[0];
    return { policy: "normal", tid, reason: why };
  }
  // Trust the kernel, not chrt's exit code: field 41 of stat is the policy (1 = SCHED_FIFO).
  const policy = schedPolicy(tid);
  return policy === 1 ? { policy: `SCHED_FIFO ${priority}`, tid } : { policy: "normal", tid, reason: `policy is ${policy} after chrt` };
}

/** Put thread `tid` of this process back to the normal scheduler (always permitted). */
export function demoteThread(tid: number): boolean {
  const r = spawnSync("chrt", ["-o", "-p", "0", String(tid)], { encoding: "utf8", timeout: 2000 });
  return !r.error && r.status === 0 && schedPolicy(tid) === 0;
}

function schedPolicy(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[41 - 3]);
  } catch {
    return undefined;
  }
}

/** CPU time (ms) a thread of this process has used, from /proc (Linux; 10 ms resolution). */
/**
 * A thread's CPU time so far (ms, 10 ms steps) and its scheduler state: "R" running or waiting
 * for a CPU, "S" asleep (waiting for an event or a timer), "D" asleep in the kernel.
 */
export interface ThreadStat {
  cpuMs: number;
  state: string;
}

export function threadStat(tid: number): ThreadStat | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { cpuMs: ((Number(fields[14 - 3]) + Number(fields[15 - 3])) * 1000) / 100, state: fields[0]! };
  } catch {
    return undefined;
  }
}

export function threadCpuMs(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[14 - 3]) + Number(fields[15 - 3])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
