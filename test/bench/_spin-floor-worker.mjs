// The machine's floor for the timing benchmark: a thread that only spins, reading the clock,
// counts how often and how long it loses the CPU (to the VM's host, other processes, interrupts).
// No output thread can be more punctual than this. It spins 400 ms then rests 600 ms, so that
// under SCHED_FIFO the kernel's real-time throttling (950 ms a second) never cuts in.
// Reading the clock allocates in Node 20, so this thread collects its own garbage now and then;
// those pauses are its own, not the machine's, and are taken out of the gaps.
import { spawnSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";

const { seconds, realtime } = workerData;
let policy = "normal";
if (realtime) {
  try {
    const tid = readlinkSync("/proc/thread-self").split("/").pop();
    if (spawnSync("chrt", ["-f", "-p", String(realtime), tid]).status === 0) policy = `SCHED_FIFO ${realtime}`;
  } catch {}
}
const collections = [];
const observer = new PerformanceObserver((list) => collections.push(...list.getEntries().map((e) => [e.startTime, e.startTime + e.duration])));
observer.observe({ entryTypes: ["gc"] });

const raw = []; // [start, end] of every stretch > 0.1 ms between two clock reads
let spun = 0;
for (let s = 0; s < seconds; s++) {
  const start = performance.now();
  let last = start;
  while (last - start < 400) {
    const t = performance.now();
    if (t - last > 0.1) raw.push([last, t]);
    last = t;
  }
  spun += last - start;
  await new Promise((r) => setTimeout(r, 600)); // lets the observer hear of the collections
}
observer.disconnect();

/** What is left of a gap once this thread's own collections are taken out of it. */
const ownExcluded = ([a, b]) => collections.reduce((left, [s, e]) => left - Math.max(0, Math.min(b, e) - Math.max(a, s)), b - a);
const gaps = raw.map(ownExcluded).filter((g) => g > 0.1).sort((a, b) => a - b);
parentPort.postMessage({
  policy,
  spunMs: spun,
  lostPct: (gaps.reduce((a, b) => a + b, 0) / spun) * 100,
  over1msPerSecond: (gaps.filter((g) => g > 1).length / spun) * 1000,
  maxGapMs: gaps.length ? gaps[gaps.length - 1] : 0,
  ownCollections: collections.length,
});
