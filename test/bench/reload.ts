/**
 * Hot reload: save → swap cued, through the real watcher (chokidar), compiler and rehearsal,
 * for the example patches; and the heap after 500 reloads of one patch (old versions must be
 * freed). Targets: median < 50 ms; heap growth ≤ 20 MB.
 *   npm run bench -- reload [--saves N] [--reloads N]
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Daemon, type ReloadNotice } from "../../src/live/daemon.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const saves = arg("saves", 40);
const reloads = arg("reloads", 500);

const dir = mkdtempSync(join(tmpdir(), "magicbus-reload-"));
const examples = readdirSync("patches").filter((f) => f.endsWith(".ts"));
for (const f of examples) copyFileSync(join("patches", f), join(dir, f));
const quiet = () => {};
const daemon = await Daemon.start({ dir, bpm: 124, seed: 1, record: join(dir, "out.mid"), journal: false, say: quiet, warn: (t) => console.error(t) });

/** Save example patch number i (a comment changes) and wait for the daemon's reload notice. */
async function save(i: number, tag: string): Promise<{ saved: number; notice: ReloadNotice }> {
  const file = resolve(dir, examples[i % examples.length]!);
  const source = readFileSync(file, "utf8");
  const done = new Promise<ReloadNotice>((ok) => {
    const off = daemon.onReload((n) => {
      if (n.file === file) {
        off();
        ok(n);
      }
    });
  });
  const saved = performance.now();
  writeFileSync(file, `${source.replace(/\n\/\/ save .*\n$/, "\n")}\n// save ${tag} ${i}\n`);
  const notice = await done;
  if (!notice.ok) throw new Error(notice.error);
  await new Promise((r) => setTimeout(r, 60)); // let the editor's save settle, like a performer
  return { saved, notice };
}

// 1. save → swap cued, through the watcher
const latencies: number[] = [];
for (let i = 0; i < saves; i++) {
  const { saved, notice } = await save(i, "bar");
  latencies.push(notice.at - saved);
}

// 1b. with --quantize now: from the save to the moment the swap is heard (its tick on the wall clock)
daemon.quantize = "now";
const audible: number[] = [];
for (let i = 0; i < Math.min(saves, 20); i++) {
  const { saved, notice } = await save(i, "now");
  if (process.env.BENCH_DEBUG) console.log(`now #${i}: cued after ${(notice.at - saved).toFixed(1)} ms, watcher saw it after ${((notice.savedAt ?? saved) - saved).toFixed(1)} ms`);
  const { system } = daemon.session;
  audible.push(system.realtime!.wallMsAt(system.timeline.tempo.toSeconds(notice.swapTick!)) - saved);
}
daemon.quantize = "bar";

// 2. heap after many reloads of one patch (no watcher in the loop: only the reload path)
const target = examples.includes("basic.ts") ? "basic" : examples[0]!;
const heapAt = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
for (let i = 0; i < 20; i++) await daemon.reload(target);
const heapBefore = heapAt();
for (let i = 0; i < reloads; i++) {
  const [r] = await daemon.reload(target);
  if (!r!.ok) throw new Error(r!.error);
}
await new Promise((r) => setTimeout(r, 2500)); // let the cued swaps happen (bar = 1.9 s at 124 bpm)
const heapAfter = heapAt();
await daemon.quit();

const s = [...latencies].sort((a, b) => a - b);
const q = (p: number) => +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
const growth = +(heapAfter - heapBefore).toFixed(1);
const a = [...audible].sort((x, y) => x - y);
const qa = (p: number) => +a[Math.min(a.length - 1, Math.floor(p * a.length))]!.toFixed(1);
console.log(`save → swap cued, ${saves} saves of ${examples.length} example patches: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
console.log(`--quantize now, save → swap heard: median ${qa(0.5)} ms, p95 ${qa(0.95)} ms, max ${qa(1)} ms (lookahead ${daemon.session.system.realtime!.lookaheadMs} ms included)`);
console.log(`heap after ${reloads} reloads: ${heapBefore.toFixed(1)} MB → ${heapAfter.toFixed(1)} MB (growth ${growth} MB)`);
console.log(JSON.stringify({ bench: "reload", saves, saveToSwapMs: { median: q(0.5), p95: q(0.95), max: q(1) }, quantizeNowSaveToHeardMs: { median: qa(0.5), p95: qa(0.95), max: qa(1) }, reloads, heapMb: { before: +heapBefore.toFixed(1), after: +heapAfter.toFixed(1), growth }, targets: { medianMs: 50, nowHeardMs: 100, growthMb: 20 }, pass: q(0.5) < 50 && qa(0.5) < 100 && growth <= 20 }));
process.exit(0);
