/**
 * `npm run bench -- survive [--minutes 1,10,60] [--quick]`: runaway code against a live set, through
 * the supervised daemon in this process, sending to a recording port (the output thread's fake
 * port: every message with the time it really went out).
 *
 * Four faults, each on a set of three healthy nodes playing sixteenths (124 bpm):
 *   load     a saved patch whose top level never ends
 *   runtime  a node whose handler never returns, at bar 20
 *   signal   a signal function that never returns
 *   repl     `while (true) {}` typed in the REPL
 * For each: the longest gap in the healthy nodes' onsets (as sent), whether every onset after the
 * takeover is on the original grid, hanging notes, the takeover time, and whether the journal
 * replays to the bytes of the recording.
 *
 * Then recovery time against set length: a takeover after 1, 10 and 60 minutes' worth of music.
 * The set's length is what its state holds (the journal, the recording, the standby's copy), so
 * the longer ones are played at 8 × the tempo (60 minutes of 124 bpm music in 7.5 minutes); the
 * grid is the same number of ticks.
 *
 * Last, the cost of supervision when nothing goes wrong: the same set for 30 s through a plain
 * in-process daemon and through the supervisor, each run in a fresh process (_overhead-run.ts),
 * in interleaved pairs (5; --pairs N): CPU of the whole process and of its threads once the
 * start-up's tail is over (45 s in), and the send-time error of every note. The cost is the
 * median over the pairs of (supervised − plain); the start-up's own CPU is reported beside it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeSmf } from "../../src/index.ts";
import { spawn } from "node:child_process";
import { BPM, healthy, LATENCY_MS } from "./_survive-set.ts";
import { Supervisor, type TakeoverReport } from "../../src/live/engine/supervisor.ts";
import type { OpenOutput } from "../../src/output/open-output.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { nowMs } from "../../src/output/clock.ts";
import { OutputThread } from "../../src/output/output-thread.ts";
import type { SentMessage } from "../../src/output/ports/fake-port.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const minutesArg = args[args.indexOf("--minutes") + 1];
const minutes = args.includes("--minutes") && minutesArg ? minutesArg.split(",").map(Number) : quick ? [1] : [1, 10, 60];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const culprits = {
  load: `export default patch(() => {\n  let i = 0;\n  while (true) i++;\n});\n`,
  runtime: (hits: number) => `import { TriggerEvent, type EventBus } from "magicbus";
class Stuck {
  hits = 0;
  constructor(public bus: EventBus) {}
  start() {
    this.bus.on(TriggerEvent, () => {
      if (++this.hits < ${hits}) return;
      for (let i = 0; ; i++) Math.sqrt(i);
    });
  }
}
export default patch(({ bus }) => [node("stuck", new Stuck(bus))]);
`,
  // 30 calls a second: past its rehearsal (one bar, 58 calls at 124 bpm), it runs away live.
  signal: `let calls = 0;\nexport default patch(() => {\n  signal("wobble", (t) => { if (++calls > 100) for (;;) {} return t; }, 30);\n});\n`,
};

interface Run {
  s: Supervisor;
  thread: OutputThread;
  home: string;
  dir: string;
  said: string[];
  takeovers: TakeoverReport[];
}

async function start(name: string, files: Record<string, string>, bpm = BPM): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), `magicbus-survive-${name}-`));
  const dir = join(home, "patches");
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  const thread = await OutputThread.start({ port: { kind: "fake" }, latencyMs: LATENCY_MS, realtime: false });
  const output: OpenOutput = { link: thread, description: "recording port", close: async () => {} };
  const said: string[] = [];
  const takeovers: TakeoverReport[] = [];
  const s = await Supervisor.start({
    dir,
    bpm,
    seed: 7,
    record: join(home, "set.mid"),
    journal: join(home, "set.journal.jsonl"),
    quantize: "bar",
    port: false,
    output,
    color: false,
    say: (t) => said.push(t),
    warn: (t) => said.push(t),
  });
  s.onTakeover((r) => takeovers.push(r));
  return { s, thread, home, dir, said, takeovers };
}

async function until(what: string, test: () => boolean, ms = 120_000, said: string[] = []): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; the daemon said:\n${said.join("\n")}`);
    await sleep(20);
  }
}

interface Findings {
  fault: string;
  healthyOnsets: number;
  longestGapMs: number;
  /** The median offset from the set's grid of the onsets after the fault (ms): a phase jump moves it. */
  phaseAfterMs: number;
  /** Share of onsets more than 1 ms late, before and after the fault. */
  lateBefore: number;
  lateAfter: number;
  hanging: number;
  takeoverMs: number | null;
  droppedMs: number;
  replayIdentical: boolean;
}

async function finish(r: Run, fault: string, faultAt: number): Promise<Findings> {
  await r.s.quit();
  const { recorded = [] } = await r.thread.close();
  const recording = readFileSync(join(r.home, "set.mid"));
  const replayed = await replayJournal(join(r.home, "set.journal.jsonl"));
  const identical = Buffer.from(writeSmf(replayed.song)).equals(recording);
  const a = analyse(recorded, faultAt, r.s.origin!);
  if (process.env.SURVIVE_DUMP) writeFileSync(`${process.env.SURVIVE_DUMP}-${fault}.json`, JSON.stringify({ faultAt, origin: r.s.origin, sent: recorded }));
  const t = r.takeovers[0];
  return { fault, ...a, takeoverMs: t ? round(t.ms) : null, droppedMs: round(t?.silence?.ms ?? 0), replayIdentical: identical };
}

/**
 * Gaps and grid of the healthy nodes' note-ons (channels 0 and 1), and notes left sounding. The
 * grid is the set's own: musical second 0 on the output clock (its origin) plus the latency; a
 * phase jump would move the median offset after the fault, while a late send (this VM wakes a
 * thread up to a few ms late now and then) moves only its own onset, before the fault as after.
 */
function analyse(sent: SentMessage[], faultAt: number, origin: number): Omit<Findings, "fault" | "takeoverMs" | "droppedMs" | "replayIdentical"> {
  const ons = sent.filter((m) => (m.bytes[0]! & 0xf0) === 0x90 && m.bytes[2]! > 0 && (m.bytes[0]! & 0x0f) <= 1);
  const onsetTimes = [...new Set(ons.map((m) => Math.round(m.time * 10) / 10))].sort((x, y) => x - y);
  let longest = 0;
  for (let i = 1; i < onsetTimes.length; i++) longest = Math.max(longest, onsetTimes[i]! - onsetTimes[i - 1]!);
  const step = 60_000 / BPM / 4;
  const offset = (time: number) => {
    const t = time - LATENCY_MS - origin;
    return t - Math.round(t / step) * step;
  };
  const after = ons.filter((m) => m.time > faultAt).map((m) => offset(m.time)).sort((x, y) => x - y);
  const before = ons.filter((m) => m.time <= faultAt).map((m) => Math.abs(offset(m.time)));
  const medianAfter = after.length ? after[after.length >> 1]! : 0;
  const sounding = new Map<number, number>();
  for (const m of sent) {
    const kind = m.bytes[0]! & 0xf0;
    const key = (m.bytes[0]! & 0x0f) * 128 + m.bytes[1]!;
    if (kind === 0x90 && m.bytes[2]! > 0) sounding.set(key, (sounding.get(key) ?? 0) + 1);
    else if (kind === 0x80 || (kind === 0x90 && m.bytes[2] === 0)) sounding.delete(key);
    else if (kind === 0xb0 && m.bytes[1] === 123) for (const k of [...sounding.keys()]) if (k >> 7 === (m.bytes[0]! & 0x0f)) sounding.delete(k);
  }
  return {
    healthyOnsets: onsetTimes.length,
    longestGapMs: round(longest),
    phaseAfterMs: Math.round(medianAfter * 1000) / 1000,
    lateBefore: before.filter((e) => e > 1).length / Math.max(1, before.length),
    lateAfter: after.filter((e) => Math.abs(e) > 1).length / Math.max(1, after.length),
    hanging: sounding.size,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${round(x * 100)} %`;
const barMs = (bpm = BPM) => (4 * 60_000) / bpm;

async function fault(kind: "load" | "runtime" | "signal" | "repl"): Promise<Findings> {
  const files: Record<string, string> = { "healthy.ts": healthy };
  if (kind === "runtime") files["stuck.ts"] = culprits.runtime(19 * 16); // the first step of bar 20
  const r = await start(kind, files);
  await until("the music", () => r.said.some((t) => t.includes("healthy.ts:")));
  const t0 = nowMs();
  await sleep(kind === "runtime" ? 0 : 3 * barMs());
  let faultAt = nowMs();
  if (kind === "load") writeFileSync(join(r.dir, "endless.ts"), culprits.load);
  if (kind === "signal") writeFileSync(join(r.dir, "wobble.ts"), culprits.signal);
  if (kind === "repl") void r.s.evaluate("while (true) {}", false);
  if (kind === "load") await until("the refusal", () => r.said.some((t) => t.includes("ran for more than")), 60_000, r.said);
  else await until("the takeover", () => r.takeovers.length > 0, 120_000, r.said);
  if (kind === "runtime") faultAt = t0 + 19 * barMs();
  await sleep(4 * barMs());
  return finish(r, kind, faultAt);
}

async function recoveryAfter(musicMinutes: number): Promise<{ minutes: number; wallMinutes: number; takeoverMs: number; notes: number }> {
  // 8 × the tempo from 10 minutes on: the same music (ticks, notes, journal) in an eighth of the time.
  const speed = musicMinutes >= 10 ? 8 : 1;
  const bpm = BPM * speed;
  const r = await start(`len${musicMinutes}`, { "healthy.ts": healthy }, bpm);
  await until("the music", () => r.said.some((t) => t.includes("healthy.ts:")));
  await sleep((musicMinutes * 60_000) / speed);
  const t0 = performance.now();
  void r.s.evaluate("while (true) {}", false);
  await until("the takeover", () => r.takeovers.length > 0, 60_000);
  const waited = performance.now() - t0;
  await r.s.quit();
  const { recorded = [] } = await r.thread.close();
  const notes = recorded.filter((m) => (m.bytes[0]! & 0xf0) === 0x90).length;
  console.log(`  after ${musicMinutes} min of music (${round((musicMinutes / speed) * 10) / 10} min at ${bpm} bpm): takeover ${round(r.takeovers[0]!.ms)} ms (fault to new engine playing ${round(waited)} ms), ${notes} notes sent`);
  return { minutes: musicMinutes, wallMinutes: musicMinutes / speed, takeoverMs: round(r.takeovers[0]!.ms), notes };
}

/**
 * The pooled p99 send error may grow this much under supervision before it counts as added
 * jitter (ms): a chosen tolerance, far below what a listener or a MIDI cable (0.32 ms per
 * three-byte message) resolves, and about the smallest change three thousand notes show.
 */
const JITTER_NOISE_MS = 0.25;

interface OverheadRun {
  mode: "plain" | "supervised";
  /** The output thread's scheduling: "normal", or "SCHED_FIFO 10" where it was asked for and granted. */
  priority: string;
  cpuPercent: number;
  /** CPU of the first 45 s (start-up and its tail), s. */
  startUpCpuS: number;
  threads: { main: number; helpers: number; output: number | null; workers: number[] };
  notes: number;
  /** Note-ons more than 1 ms late before the measured window (the start-up). */
  startUpLate: number;
  errorP50: number;
  errorP99: number;
  errorMax: number;
  errors: number[];
}

/** One sample in a fresh process (_overhead-run.ts): the healthy set played plainly or supervised. */
function overhead(mode: "plain" | "supervised", realtime = false, seconds = quick ? 20 : 30): Promise<OverheadRun> {
  const argv = ["--import", "tsx", new URL("./_overhead-run.ts", import.meta.url).pathname, mode, String(seconds), ...(realtime ? ["realtime"] : [])];
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`the ${mode} sample failed (exit ${code}): ${out}`));
      const r = JSON.parse(line) as OverheadRun;
      const t = r.threads;
      console.log(
        `  ${mode.padEnd(10)} ${realtime ? `(${r.priority}) ` : ""}${r.cpuPercent} % of a core after ${r.startUpCpuS} s of CPU in the start-up (main ${t.main}, V8/libuv helpers ${t.helpers}, output thread ${t.output}, other threads ${t.workers.join(" + ") || 0}); ` +
          `send error p50 ${r.errorP50} ms, p99 ${r.errorP99} ms, max ${r.errorMax} ms over ${r.notes} notes; ${r.startUpLate} late by > 1 ms in the start-up`,
      );
      resolve(r);
    });
  });
}

console.log(`survive: runaway code against a live set at ${BPM} bpm, output latency ${LATENCY_MS} ms, sent to a recording port`);
const faults: Findings[] = [];
// --only runtime,repl,recovery,overhead: some of the parts (default: all).
const only = args.includes("--only") ? args[args.indexOf("--only") + 1]!.split(",") : ["load", "runtime", "signal", "repl", "recovery", "overhead"];
for (const kind of only.filter((k) => ["load", "runtime", "signal", "repl"].includes(k)) as Array<"load" | "runtime" | "signal" | "repl">) {
  const f = await fault(kind);
  faults.push(f);
  console.log(
    `  ${kind.padEnd(7)} longest gap in the healthy onsets ${f.longestGapMs} ms (a sixteenth is ${round(60_000 / BPM / 4)} ms), ` +
      `phase after ${f.phaseAfterMs} ms, late by > 1 ms ${pct(f.lateBefore)} of onsets before and ${pct(f.lateAfter)} after, ${f.hanging} hanging notes, takeover ${f.takeoverMs ?? "none needed"} ms, ` +
      `${f.droppedMs} ms of notes dropped, replay ${f.replayIdentical ? "byte-identical" : "DIFFERS"}`,
  );
}
console.log("recovery time against set length:");
const recovery = [];
for (const m of only.includes("recovery") ? minutes : []) recovery.push(await recoveryAfter(m));
console.log("supervision when nothing goes wrong (interleaved runs, each in a fresh process; this VM's two vCPUs vary by a few % of a core from run to run):");
const pairs = !only.includes("overhead") ? 0 : quick ? 1 : Number(args[args.indexOf("--pairs") + 1]) || 5;
const plainRuns: OverheadRun[] = [];
const supervisedRuns: OverheadRun[] = [];
for (let i = 0; i < pairs; i++) {
  // Alternating which goes first: a drift of the machine over the pair does not favour one.
  const order: Array<"plain" | "supervised"> = i % 2 === 0 ? ["plain", "supervised"] : ["supervised", "plain"];
  for (const mode of order) (mode === "plain" ? plainRuns : supervisedRuns).push(await overhead(mode));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
// The send error over every note of a mode's runs together (about 3000): one run's p99 is its
// sixth-worst note, and moves by a millisecond between two plain runs.
const pooled = (runs: OverheadRun[]) => {
  const all = runs.flatMap((r) => r.errors).sort((a, b) => a - b);
  const at = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))] ?? NaN;
  return { notes: all.length, errorP50: at(0.5), errorP99: at(0.99), errorMax: at(1), over1ms: Math.round((all.filter((e) => e > 1).length / Math.max(1, all.length)) * 10000) / 100 };
};
const summary = (runs: OverheadRun[]) => ({ cpuPercent: median(runs.map((r) => r.cpuPercent)), startUpCpuS: median(runs.map((r) => r.startUpCpuS)), ...pooled(runs) });
const plain = summary(plainRuns);
const supervised = summary(supervisedRuns);
// The cost is read pair by pair (the two runs of a pair are a minute apart, on the same machine state).
const costs = plainRuns.map((p, i) => round(supervisedRuns[i]!.cpuPercent - p.cpuPercent));
const cost = median(costs);
const jitter = Math.round((supervised.errorP99 - plain.errorP99) * 1000) / 1000;
if (pairs) {
  console.log(
    `  median: plain ${plain.cpuPercent} %, supervised ${supervised.cpuPercent} % of a core; supervision costs ${cost >= 0 ? "+" : ""}${cost} % (pair by pair: ${costs.join(", ")})`,
  );
  console.log(`  the start-up (first 45 s) took ${plain.startUpCpuS} s of CPU plain, ${supervised.startUpCpuS} s supervised (medians; once per set)`);
  console.log(
    `  send error over all runs: plain p99 ${plain.errorP99} ms, ${plain.over1ms} % of notes over 1 ms (${plain.notes} notes); ` +
      `supervised p99 ${supervised.errorP99} ms, ${supervised.over1ms} % over 1 ms (${supervised.notes} notes); p99 ${jitter >= 0 ? "+" : ""}${jitter} ms`,
  );
}
// The daemon asks for real-time scheduling of its output thread (granted where the user may have
// it: root, an rtprio limit). Where it is granted, the same comparison for the send error.
const rtPlain: OverheadRun[] = [];
const rtSupervised: OverheadRun[] = [];
let realtimeGranted: boolean | undefined;
if (pairs && !quick) {
  console.log("the same with the output thread under SCHED_FIFO, as the daemon asks for it (2 pairs):");
  for (let i = 0; i < 2; i++) {
    const p = await overhead("plain", true);
    realtimeGranted = p.priority.startsWith("SCHED_FIFO");
    if (!realtimeGranted) {
      console.log(`  not granted here (${p.priority}): not compared`);
      break;
    }
    rtPlain.push(p);
    rtSupervised.push(await overhead("supervised", true));
  }
}
const rt = rtPlain.length ? { plain: pooled(rtPlain), supervised: pooled(rtSupervised) } : undefined;
if (rt) {
  console.log(
    `  send error over all runs: plain p99 ${rt.plain.errorP99} ms, ${rt.plain.over1ms} % over 1 ms; supervised p99 ${rt.supervised.errorP99} ms, ${rt.supervised.over1ms} % over 1 ms`,
  );
}

// A part that was not run (--only) has no target to meet or miss.
const targets: Record<string, boolean> = {
  ...(faults.length ? {
    gapsWithin250ms: faults.every((f) => f.longestGapMs <= 250),
    onGrid: faults.every((f) => Math.abs(f.phaseAfterMs) <= 1),
    noHangingNotes: faults.every((f) => f.hanging === 0),
    replayIdentical: faults.every((f) => f.replayIdentical),
  } : {}),
  ...(recovery.length ? { recoveryWithin250ms: recovery.every((r) => r.takeoverMs <= 250) } : {}),
  ...(pairs ? { overheadWithin2Percent: cost <= 2, noAddedJitter: jitter <= JITTER_NOISE_MS } : {}),
  ...(rt ? { noAddedJitterRealtime: rt.supervised.errorP99 - rt.plain.errorP99 <= JITTER_NOISE_MS } : {}),
};
console.log(`targets: ${Object.entries(targets).map(([k, v]) => `${k} ${v ? "met" : "MISSED"}`).join(", ")}`);
console.log(JSON.stringify({ bench: "survive", bpm: BPM, latencyMs: LATENCY_MS, faults, recovery, overhead: { plain, supervised, costPercent: cost, costs, errorP99ChangeMs: jitter, ...(rt ? { realtime: rt } : {}), runs: [...plainRuns, ...supervisedRuns].map(({ errors: _, ...r }) => r) }, targets }));
process.exit(0);
