/**
 * One sample of supervision's cost, for `npm run bench -- survive`: in a fresh process (as a
 * performer's daemon is), the healthy set plays plainly (the in-process daemon) or supervised for
 * SECONDS after SETTLE_MS of start-up, sending to a recording port. Prints one JSON line: CPU of
 * the whole process and of its threads (% of a core) in the steady state, the CPU the start-up
 * took, and the send error of every note-on.
 *
 *   node --import tsx test/bench/_overhead-run.ts plain|supervised SECONDS [realtime]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Daemon } from "../../src/live/daemon.ts";
import { Supervisor } from "../../src/live/engine/supervisor.ts";
import type { OpenOutput } from "../../src/output/open-output.ts";
import { nowMs } from "../../src/output/clock.ts";
import { OutputThread } from "../../src/output/output-thread.ts";
import { BPM, healthy, LATENCY_MS } from "./_survive-set.ts";
import { threadTicks } from "./_thread-cpu.ts";

/**
 * Start-up left out of the steady state (ms); its CPU is reported on its own. A set plays for many
 * minutes, and each thread's start has a tail that ends by this time: the JIT compiling on V8's
 * helpers, and V8's memory reducer, which runs up to three full collections on every heap some
 * seconds after it goes quiet (the tsx loader's, the rehearsal thread's, the engines'). Measured
 * from 8 s on, a 20 s window of the supervised set held 252 ms of collection (plain 164); from 35 s
 * on, 70 (plain 51).
 */
const SETTLE_MS = 45_000;
const mode = process.argv[2];
const seconds = Number(process.argv[3] ?? 30);
/** "realtime": the output thread asks for SCHED_FIFO, as the daemon does by default (granted where permitted). */
const realtime = process.argv[4] === "realtime";
if (mode !== "plain" && mode !== "supervised") throw new Error(`mode must be plain or supervised, got ${mode}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The threads this process has before any worker: the main thread, V8's helpers (GC, compiling), libuv's.
const before = new Set(threadTicks().keys());
const thread = await OutputThread.start({ port: { kind: "fake" }, latencyMs: LATENCY_MS, realtime: realtime ? 10 : false });
const output: OpenOutput = { link: thread, description: "recording port", close: async () => {} };
const home = mkdtempSync(join(tmpdir(), `magicbus-overhead-${mode}-`));
const dir = join(home, "patches");
mkdirSync(dir);
writeFileSync(join(dir, "healthy.ts"), healthy);
const common = { dir, bpm: BPM, seed: 7, record: join(home, "set.mid"), journal: join(home, "set.journal.jsonl"), quantize: "bar" as const, say: () => {}, warn: () => {} };
let quit: () => Promise<void>;
let origin: () => number;
let standbyReady = () => true;
if (mode === "plain") {
  const d = await Daemon.start({ ...common, output, watch: false });
  quit = () => d.quit();
  origin = () => performance.timeOrigin + d.session.system.realtime!.origin!;
} else {
  const s = await Supervisor.start({ ...common, port: false, output, color: false });
  quit = () => s.quit();
  origin = () => s.origin!;
  // Asked until the standby is ready, then no more: the measured window must not hold the bench's own wake-ups.
  let ready = false;
  const watch = setInterval(() => s.standby?.ready.then(() => ((ready = true), clearInterval(watch))), 100);
  standbyReady = () => (clearInterval(watch), ready);
}
await sleep(SETTLE_MS);
// The main thread's wake-ups: every sleep it wakes from is a voluntary context switch.
const switches = () => Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/self/task/${process.pid}/status`, "utf8"))?.[1]);
const startUp = process.cpuUsage();
const switches0 = switches();
const ticks0 = threadTicks();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const windowFrom = nowMs(); // on the output clock, which stamps the recorded sends
await sleep(seconds * 1000);
const cpu = process.cpuUsage(cpu0);
const ticks1 = threadTicks();
const mainWakes = switches() - switches0;
const wallMs = performance.now() - t0;
const windowUntil = nowMs();
if (!standbyReady()) throw new Error(`the standby was not ready ${SETTLE_MS / 1000} s after the start: the figure would include its loading`);
const o = origin();
// Why sends were late, from the output thread's own account (woke late, lost the CPU while spinning, own work).
const st = await thread.stats();
await quit();
const { recorded = [] } = await thread.close();
rmSync(home, { recursive: true, force: true });

const percent = (ms: number) => Math.round((ms / wallMs) * 1000) / 10;
// Per thread: /proc counts in 1/100 s; the main thread's id is the process's.
const used = (tid: string) => ((ticks1.get(tid)?.ticks ?? 0) - (ticks0.get(tid)?.ticks ?? 0)) * 10;
const main = String(process.pid);
const outputTid = thread.priority.tid === undefined ? undefined : String(thread.priority.tid);
const helpers = [...before].filter((t) => t !== main).reduce((sum, t) => sum + used(t), 0);
const workers = [...ticks1.keys()].filter((t) => !before.has(t) && t !== outputTid).map(used).filter((ms) => ms > 0).sort((a, b) => b - a);

// Send error: when a note-on went out against when its tick says it should (origin + tick time +
// latency), for the notes sent in the measured window (the steady state, as for the CPU); the
// start-up's late notes are counted apart (the supervised set's standby loads 3 s in).
const step = 60_000 / BPM / 4;
const sent = recorded
  .filter((m) => (m.bytes[0]! & 0xf0) === 0x90 && m.bytes[2]! > 0)
  .map((m) => {
    const t = m.time - LATENCY_MS - o;
    return { at: m.time, error: Math.abs(t - Math.round(t / step) * step) };
  });
const errors = sent.filter((s) => s.at >= windowFrom && s.at < windowUntil).map((s) => s.error).sort((a, b) => a - b);
const startUpLate = sent.filter((s) => s.at < windowFrom && s.error > 1).length;
const q = (p: number) => Math.round(errors[Math.min(errors.length - 1, Math.floor(p * errors.length))]! * 1000) / 1000;
console.log(
  JSON.stringify({
    mode,
    priority: thread.priority.policy,
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
    /** CPU the start-up took (the first SETTLE_MS), in s. */
    startUpCpuS: Math.round((startUp.user + startUp.system) / 1e4) / 100,
    mainWakesPerSecond: Math.round((mainWakes / wallMs) * 1000),
    threads: { main: percent(used(main)), helpers: percent(helpers), output: outputTid ? percent(used(outputTid)) : null, workers: workers.map(percent) },
    notes: errors.length,
    startUpLate,
    errorP50: q(0.5),
    errorP99: q(0.99),
    errorMax: q(1),
    /** Every note-on's send error (ms, to the µs), for the pooled figures. */
    errors: errors.map((e) => Math.round(e * 1000) / 1000),
    late: st.late,
    lateArrivals: st.lateArrivals,
    spinWindowMs: Math.round(st.spinWindowMs * 100) / 100,
    wakeLatenessMs: Math.round(st.wakeLatenessMs * 100) / 100,
  }),
);
process.exit(0);
