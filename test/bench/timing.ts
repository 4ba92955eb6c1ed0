/**
 * `npm run bench -- timing [--events N] [--latency MS] [--normal-priority] [--spin-min MS]`
 *
 * Output timing of the output thread against a FakePort: events 5 ms apart (200 a second), every
 * tenth a 3-note chord, fed by the main thread when each is due (no lookahead of its own, so the
 * latency must cover the main thread's lateness). Three runs: idle; the main thread blocked 30 ms
 * every 100 ms (like a reload); a piano composing a phrase on the main thread every 100 ms.
 * Reports |actual send − intended| (intended = stamp + latency) for the first message of every
 * event, the spread of each chord, the CPU used, the latency the run needed (the longest the main
 * thread took to hand an event over), and why the late sends were late. Around the runs: the
 * machine's floor (how often a thread that only spins loses the CPU) and a reference, the same
 * schedule in C (_reference-schedule.c), before and after. Final line: one JSON object.
 */
import { Composer } from "../../src/mil/composer.ts";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { parseArgs } from "node:util";
import { nowMs } from "../../src/output/clock.ts";
import { DEFAULT_SPIN_CPU_BUDGET } from "../../src/output/adaptive-spin.ts";
import { DEFAULT_SPIN_FLOOR_MS, OutputThread } from "../../src/output/output-thread.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "2000" },
    latency: { type: "string", default: "40" },
    "normal-priority": { type: "boolean", default: false },
    /** Experiment: the adaptive spin window's floor (ms). */
    "spin-min": { type: "string" },
  },
});
const EVENTS = Number(values.events);
const LATENCY = Number(values.latency);
const SPACING_MS = 5;
const CHORD_EVERY = 10;
/** The feeding loop wakes this often, like the realtime driver's loop (ms). */
const FEED_EVERY_MS = 5;

interface Scenario {
  name: "idle" | "busy" | "piano";
  events: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  over1ms: number;
  /** The same over the events handed over before their send time (what the thread alone can do). */
  inTimeEvents: number;
  inTimeP99: number;
  inTimeP999: number;
  inTimeMax: number;
  chordSpreadP50: number;
  chordSpreadMax: number;
  cpuProcessPct: number;
  cpuOutputThreadPct: number;
  cpuMainBlockedPct: number;
  handoverP99Ms: number;
  maxArrivalMs: number;
  latencyNeededMs: number;
  lateArrivals: number;
  spinWindowMs: number;
  wakeLatenessMs: number;
  wakeLatenessMaxMs: number;
  priority: string;
  /** Minor collections the output thread ran in its slack, and the longest (ms). */
  pacedCollections: number;
  pacedGcMaxMs: number;
  /** Sends later than 0.1 ms, by what the thread was doing when their time came. */
  lateWokeLate: number;
  lateLostCpuWhileSpinning: number;
  lateOwnWork: number;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The piano's work on the main thread: compose the next phrase of a Toccata (the busiest archetype). */
let composer = new Composer({ archetype: "Toccata", seed: 1 });
const composeMs: number[] = [];
function composeAPhrase(): void {
  const t = performance.now();
  if (!composer.next()) composer = new Composer({ archetype: "Toccata", seed: composeMs.length });
  composeMs.push(performance.now() - t);
}

async function run(name: "idle" | "busy" | "piano"): Promise<Scenario> {
  const out = await OutputThread.start({
    port: { kind: "fake", name: "bench" },
    latencyMs: LATENCY,
    realtime: values["normal-priority"] ? false : 10,
    ...(values["spin-min"] !== undefined ? { spin: { minMs: Number(values["spin-min"]) } } : {}),
    onProblem: (m) => console.error(m),
  });
  await sleep(500); // let the thread measure its wake-up lateness before the first note

  const t0 = nowMs() + 20;
  const bursts: number[][][] = [];
  for (let i = 0; i < EVENTS; i++) {
    const pitch = 48 + ((i * 7) % 36);
    bursts.push(i % CHORD_EVERY === 0 ? [[0x90, pitch + 7, 80], [0x90, pitch, 80], [0x90, pitch + 4, 80]] : [[0x90, pitch, 80]]);
  }

  let blockedMs = 0;
  const blocker =
    name === "busy"
      ? setInterval(() => {
          const start = performance.now();
          while (performance.now() - start < 30); // the main thread does something else for 30 ms
          blockedMs += performance.now() - start;
        }, 100)
      : name === "piano"
        ? setInterval(() => {
            // A phrase every 100 ms: far more often than a live piano composes (one per phrase of bars).
            const start = performance.now();
            composeAPhrase();
            blockedMs += performance.now() - start;
          }, 100)
        : undefined;

  const before = await out.stats();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let next = 0;
  const handover = new Float64Array(EVENTS);
  await new Promise<void>((done) => {
    const feed = () => {
      const now = nowMs();
      while (next < EVENTS && t0 + next * SPACING_MS <= now) {
        out.sendMany(t0 + next * SPACING_MS, bursts[next]!);
        handover[next] = nowMs() - (t0 + next * SPACING_MS); // after the hand-over: the main thread may be preempted mid-loop
        next++;
      }
      if (next < EVENTS) setTimeout(feed, FEED_EVERY_MS);
      else done();
    };
    feed();
  });
  await out.flush();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(blocker);
  const { stats, recorded } = await out.close();

  // Match sends to events: messages went out in stamp order, bursts as given (chords lowest first).
  const sent = recorded!.filter((m) => m.bytes[0] === 0x90);
  const errors = new Float64Array(EVENTS);
  const onTime: number[] = []; // events the main thread handed over before their send time
  const spreads: number[] = [];
  let k = 0;
  for (let i = 0; i < EVENTS; i++) {
    const n = bursts[i]!.length;
    const first = sent[k]!;
    errors[i] = Math.abs(first.time - (t0 + i * SPACING_MS + LATENCY));
    if (handover[i]! < LATENCY) onTime.push(errors[i]!);
    if (n > 1) spreads.push(sent[k + n - 1]!.time - first.time);
    k += n;
  }
  if (k !== sent.length) throw new Error(`expected ${k} note-ons, the port got ${sent.length}`);
  errors.sort();
  const hand = handover.slice().sort();
  const inTime = Float64Array.from(onTime).sort();
  spreads.sort((a, b) => a - b);
  const threadCpu = (stats.threadCpuMs ?? NaN) - (before.threadCpuMs ?? NaN);
  return {
    name,
    events: EVENTS,
    p50: quantile(errors, 0.5),
    p99: quantile(errors, 0.99),
    p999: quantile(errors, 0.999),
    max: errors[errors.length - 1]!,
    over1ms: errors.filter((e) => e > 1).length,
    inTimeEvents: inTime.length,
    inTimeP99: quantile(inTime, 0.99),
    inTimeP999: quantile(inTime, 0.999),
    inTimeMax: inTime[inTime.length - 1]!,
    chordSpreadP50: spreads[Math.floor(spreads.length / 2)]!,
    chordSpreadMax: spreads[spreads.length - 1]!,
    cpuProcessPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    cpuOutputThreadPct: (threadCpu / wall) * 100,
    cpuMainBlockedPct: (blockedMs / wall) * 100,
    handoverP99Ms: quantile(hand, 0.99),
    maxArrivalMs: stats.maxArrivalMs,
    latencyNeededMs: Math.ceil(stats.maxArrivalMs + stats.spinWindowMs),
    lateArrivals: stats.lateArrivals,
    spinWindowMs: stats.spinWindowMs,
    wakeLatenessMs: stats.wakeLatenessMs,
    wakeLatenessMaxMs: stats.wakeLatenessMaxMs,
    pacedCollections: stats.pacedCollections - before.pacedCollections,
    pacedGcMaxMs: stats.pacedMaxMs,
    lateWokeLate: stats.late.wokeLate - before.late.wokeLate,
    lateLostCpuWhileSpinning: stats.late.lostCpuWhileSpinning - before.late.lostCpuWhileSpinning,
    lateOwnWork: stats.late.ownWork - before.late.ownWork,
    priority: stats.priority.policy + (stats.priority.reason ? ` (${stats.priority.reason})` : ""),
  };
}

interface Floor {
  policy: string;
  spunMs: number;
  lostPct: number;
  over1msPerSecond: number;
  maxGapMs: number;
  /** Collections of the measuring thread's own heap, taken out of the gaps. */
  ownCollections: number;
}

/** How often a thread that does nothing but spin loses the CPU here: the floor under any output timing. */
function spinFloor(seconds: number): Promise<Floor> {
  const w = new Worker(new URL("./_spin-floor-worker.mjs", import.meta.url), {
    workerData: { seconds, realtime: values["normal-priority"] ? false : 10 },
  });
  return new Promise((resolve, reject) => {
    w.once("message", (m: Floor) => void w.terminate().then(() => resolve(m)));
    w.once("error", reject);
  });
}

interface Reference {
  policy: string;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  cpuPct: number;
}

/**
 * The same schedule in C (_reference-schedule.c: sleep, then spin the window the output thread
 * spins at this rate — the floor, within the CPU budget), with nothing else in the thread: what this
 * machine allows at this moment. Compiled once; needs a C compiler, without one the benchmark says
 * so and goes on.
 */
const REFERENCE_SPIN_MS = Math.min(Number(values["spin-min"] ?? DEFAULT_SPIN_FLOOR_MS), DEFAULT_SPIN_CPU_BUDGET * SPACING_MS);
const referenceBinary = join(tmpdir(), `magicbus-reference-schedule-${process.pid}`);
const compiled = spawnSync("cc", ["-O2", "-o", referenceBinary, fileURLToPath(new URL("./_reference-schedule.c", import.meta.url))], { encoding: "utf8" });
const noReference = compiled.error ? "no C compiler" : compiled.status !== 0 ? compiled.stderr.trim().split("\n")[0] : undefined;

function reference(): Reference | string {
  if (noReference !== undefined) return `no C reference (${noReference})`;
  const run = spawnSync(referenceBinary, [String(EVENTS), String(SPACING_MS), String(REFERENCE_SPIN_MS)], { encoding: "utf8" });
  if (run.status !== 0) return `C reference failed (${run.status})`;
  return JSON.parse(run.stdout) as Reference;
}

const f = (x: number, d = 3) => x.toFixed(d);
const describeReference = (when: string, r: Reference | string) =>
  typeof r === "string"
    ? `reference ${when}: ${r}`
    : `reference ${when} (the same schedule in C, spin ${f(REFERENCE_SPIN_MS)} ms, nothing else in the thread, ${r.policy}): ` +
      `p50 ${f(r.p50)}  p99 ${f(r.p99)}  p99.9 ${f(r.p999)}  max ${f(r.max)} ms, CPU ${f(r.cpuPct, 1)} %`;
const load0 = loadavg()[0]!;
const floor = await spinFloor(3);
console.log(
  `machine floor: a thread that only spins (${floor.policy}) lost the CPU ${f(floor.lostPct, 2)} % of the time, ` +
    `${f(floor.over1msPerSecond, 2)} gaps > 1 ms a second, longest ${f(floor.maxGapMs, 2)} ms (its own ${floor.ownCollections} garbage collections left out); ` +
    `load average ${load0.toFixed(2)}`,
);
const referenceBefore = reference();
console.log(describeReference("before", referenceBefore));
const results: Scenario[] = [];
for (const name of ["idle", "busy", "piano"] as const) {
  const r = await run(name);
  results.push(r);
  console.log(
    `${name.padEnd(4)}  ${r.events} events @ ${1000 / SPACING_MS}/s, latency ${LATENCY} ms, ${r.priority}\n` +
      `      |actual − intended| ms: p50 ${f(r.p50)}  p99 ${f(r.p99)}  p99.9 ${f(r.p999)}  max ${f(r.max)}  (> 1 ms: ${r.over1ms})\n` +
      `        of the ${r.inTimeEvents} handed over in time: p99 ${f(r.inTimeP99)}  p99.9 ${f(r.inTimeP999)}  max ${f(r.inTimeMax)}\n` +
      `      chord spread ms: p50 ${f(r.chordSpreadP50)}  max ${f(r.chordSpreadMax)}   spin window ${f(r.spinWindowMs)} ms (recent wake-up lateness: p99.5 ${f(r.wakeLatenessMs)} ms, max ${f(r.wakeLatenessMaxMs)} ms)\n` +
      `      CPU of one core: process ${f(r.cpuProcessPct, 1)} %  output thread ${f(r.cpuOutputThreadPct, 1)} %  main thread blocked on purpose ${f(r.cpuMainBlockedPct, 1)} %\n` +
      `      garbage collections paced into the slack: ${r.pacedCollections}, longest ${f(r.pacedGcMaxMs, 2)} ms\n` +
      `      sends > 0.1 ms late, by cause: woke late ${r.lateWokeLate}, lost the CPU while spinning ${r.lateLostCpuWhileSpinning}, the thread's own work ${r.lateOwnWork}\n` +
      `      hand-over by the main thread: p99 ${f(r.handoverP99Ms, 1)} ms, longest ${f(r.maxArrivalMs, 2)} ms after the stamp → latency needed ≈ ${r.latencyNeededMs} ms; late arrivals ${r.lateArrivals}`,
  );
}
const referenceAfter = reference();
rmSync(referenceBinary, { force: true });
console.log(describeReference("after", referenceAfter));
const round = (x: number) => Math.round(x * 1000) / 1000;
const composeSorted = [...composeMs].sort((a, b) => a - b);
const composeP50 = composeSorted[Math.floor(composeSorted.length / 2)] ?? 0;
const composeMax = composeSorted.at(-1) ?? 0;
console.log(`piano: ${composeMs.length} phrases composed on the main thread while sending, median ${f(composeP50, 2)} ms, max ${f(composeMax, 2)} ms each`);
/** The targets, per run: p99 ≤ 0.1 ms and p99.9 ≤ 1 ms of the events handed over in time, ≤ 10 % of a core. */
const TARGET = { p99Ms: 0.1, p999Ms: 1, cpuPct: 10 };
const met = (r: Scenario) => ({ p99: r.inTimeP99 <= TARGET.p99Ms, p999: r.inTimeP999 <= TARGET.p999Ms, cpu: r.cpuOutputThreadPct <= TARGET.cpuPct });
const referenceMet = (r: Reference | string) => (typeof r === "string" ? undefined : { p99: r.p99 <= TARGET.p99Ms, p999: r.p999 <= TARGET.p999Ms });
const yes = (b: boolean | undefined) => (b === undefined ? "—" : b ? "met" : "missed");
for (const r of results) {
  const m = met(r);
  console.log(`targets ${r.name.padEnd(5)} p99 ≤ ${TARGET.p99Ms} ms: ${yes(m.p99)}, p99.9 ≤ ${TARGET.p999Ms} ms: ${yes(m.p999)}, CPU ≤ ${TARGET.cpuPct} %: ${yes(m.cpu)}`);
}
for (const [when, r] of [["before", referenceBefore], ["after", referenceAfter]] as const) {
  const m = referenceMet(r);
  console.log(`targets C reference ${when}: p99 ${yes(m?.p99)}, p99.9 ${yes(m?.p999)}`);
}
console.log(
  JSON.stringify({
    bench: "timing",
    latencyMs: LATENCY,
    loadAverage: round(load0),
    pianoComposeMs: { median: round(composeP50), max: round(composeMax), phrases: composeMs.length },
    targets: { ...TARGET, met: Object.fromEntries(results.map((r) => [r.name, met(r)])), referenceBefore: referenceMet(referenceBefore), referenceAfter: referenceMet(referenceAfter) },
    reference: { before: referenceBefore, after: referenceAfter },
    floor: Object.fromEntries(Object.entries(floor).map(([k, v]) => [k, typeof v === "number" ? round(v) : v])),
    ...Object.fromEntries(results.map((r) => [r.name, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]))])),
  }),
);
