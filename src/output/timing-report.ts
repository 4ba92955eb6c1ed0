/**
 * The output thread's timing, in a performer's words: how far sends land from their time, how many
 * were late and why (the machine's doing or the thread's), the spin window, and the latency the
 * set has needed so far. `.timing` in the REPL prints it.
 *
 * @example describeOutputTiming(await out.stats())
 *   // ["output: 1840 sent; error p50 0.015, p99 0.080, max 1.2 ms; 9 late > 0.1 ms (woke late 6, …)", …]
 */
import { LATE_MS } from "./late-sends.ts";
import type { OutputStats } from "./protocol.ts";

const ms = (x: number) => x.toFixed(3);

export function describeOutputTiming(s: OutputStats): string[] {
  const { wokeLate, lostCpuWhileSpinning, ownWork } = s.late;
  const late = wokeLate + lostCpuWhileSpinning + ownWork;
  const why = late === 0 ? "" : ` (woke late ${wokeLate}, lost the CPU while spinning ${lostCpuWhileSpinning}, the output thread's own work ${ownWork})`;
  const gliding = Math.abs(s.latencyMs - s.latencyTargetMs) > 0.01 ? `, gliding to ${s.latencyTargetMs} ms` : "";
  return [
    `output to ${s.port}: ${s.sent} sent; error p50 ${ms(s.errorP50Ms)}, p99 ${ms(s.errorP99Ms)}, max ${ms(s.errorMaxMs)} ms (recent sends); ` +
      `${late} late by more than ${LATE_MS} ms${why}`,
    `spin window ${ms(s.spinWindowMs)} ms (sleeps wake p99.5 ${ms(s.wakeLatenessMs)} ms late, max ${ms(s.wakeLatenessMaxMs)}; CPU budget allows ${ms(s.spinBudgetMs)} ms); ` +
      `${s.priority.policy}; garbage collected ${s.pacedCollections} times between sends (longest ${s.pacedMaxMs.toFixed(2)} ms)`,
    `latency ${s.latencyMs.toFixed(1)} ms${gliding}; the longest hand-over so far needed ${Math.max(0, s.maxArrivalMs).toFixed(1)} ms` +
      (s.lateArrivals > 0 ? `; ${s.lateArrivals} messages arrived after their time (raise it: .latency MS)` : "") +
      (s.watchdogTrips > 0 ? `; the watchdog silenced the output ${s.watchdogTrips === 1 ? "once" : `${s.watchdogTrips} times`}` : "") +
      (s.portErrors > 0 ? `; the port refused ${s.portErrors} messages` : ""),
  ];
}
