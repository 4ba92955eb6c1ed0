// The machine's floor for the timing benchmark: a thread that only spins, reading the clock,
// counts how often and how long it loses the CPU (to the VM's host, other processes, interrupts).
// No output thread can be more punctual than this. It spins 400 ms then rests 600 ms, so that
// under SCHED_FIFO the kernel's real-time throttling (950 ms a second) never cuts in.
import { spawnSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

const { seconds, realtime } = workerData;
let policy = "normal";
if (realtime) {
  try {
    const tid = readlinkSync("/proc/thread-self").split("/").pop();
    if (spawnSync("chrt", ["-f", "-p", String(realtime), tid]).status === 0) policy = `SCHED_FIFO ${realtime}`;
  } catch {}
}
const gaps = [];
let spun = 0;
for (let s = 0; s < seconds; s++) {
  const start = performance.now();
  let last = start;
  while (last - start < 400) {
    const t = performance.now();
    if (t - last > 0.1) gaps.push(t - last);
    last = t;
  }
  spun += last - start;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600);
}
gaps.sort((a, b) => a - b);
parentPort.postMessage({
  policy,
  spunMs: spun,
  lostPct: (gaps.reduce((a, b) => a + b, 0) / spun) * 100,
  over1msPerSecond: (gaps.filter((g) => g > 1).length / spun) * 1000,
  maxGapMs: gaps.length ? gaps[gaps.length - 1] : 0,
});
