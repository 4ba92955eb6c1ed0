import { describe, expect, it } from "vitest";
import type { OutputStats } from "../../src/output/protocol.ts";
import { describeOutputTiming } from "../../src/output/timing-report.ts";

const stats = (o: Partial<OutputStats> = {}): OutputStats => ({
  sent: 1840,
  queued: 3,
  lateArrivals: 0,
  maxArrivalMs: 14.7,
  errorP50Ms: 0.015,
  errorP99Ms: 0.08,
  errorMaxMs: 1.2,
  latencyMs: 40,
  latencyTargetMs: 40,
  sounding: 2,
  watchdogTrips: 0,
  stalled: false,
  droppedNoteOns: 0,
  portErrors: 0,
  pacedCollections: 20,
  pacedMaxMs: 1.5,
  late: { wokeLate: 6, lostCpuWhileSpinning: 2, ownWork: 1 },
  spinWindowMs: 0.375,
  spinBudgetMs: 0.375,
  wakeLatenessMs: 0.2,
  wakeLatenessMaxMs: 1.1,
  priority: { policy: "SCHED_FIFO 10" },
  port: "IAC Driver Bus 1",
  ...o,
});

describe("describeOutputTiming", () => {
  it("says how far sends land, how many were late and whose doing it was", () => {
    const [sends, spin, latency] = describeOutputTiming(stats());
    expect(sends).toBe(
      "output to IAC Driver Bus 1: 1840 sent; error p50 0.015, p99 0.080, max 1.200 ms (recent sends); 9 late by more than 0.1 ms " +
        "(woke late 6, lost the CPU while spinning 2, the output thread's own work 1)",
    );
    expect(spin).toContain("spin window 0.375 ms");
    expect(spin).toContain("SCHED_FIFO 10");
    expect(latency).toBe("latency 40.0 ms; the longest hand-over so far needed 14.7 ms");
  });

  it("tells the performer what to do about late arrivals, and mentions a glide, the watchdog and port errors only when they happened", () => {
    const [, , latency] = describeOutputTiming(stats({ latencyMs: 52.5, latencyTargetMs: 80, lateArrivals: 4, watchdogTrips: 1, portErrors: 3 }));
    expect(latency).toBe(
      "latency 52.5 ms, gliding to 80 ms; the longest hand-over so far needed 14.7 ms; 4 messages arrived after their time (raise it: .latency MS); " +
        "the watchdog silenced the output once; the port refused 3 messages",
    );
    const [sends] = describeOutputTiming(stats({ late: { wokeLate: 0, lostCpuWhileSpinning: 0, ownWork: 0 } }));
    expect(sends.endsWith("0 late by more than 0.1 ms")).toBe(true);
  });
});
