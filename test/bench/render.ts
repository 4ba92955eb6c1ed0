/**
 * Offline render speed: the seed's minimal example (16 bars) in the virtual clock, and the
 * default patch through the patch loader. Target: 16 bars well under 100 ms.
 *   npm run bench -- render [--runs N]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { main as minimal } from "../../docs/examples/03-minimal.ts";
import { renderPatch } from "../../src/render.ts";
import { PatchLoader } from "../../src/live/patch-loader.ts";
import { writeSmf } from "../../src/midi/smf.ts";
import { bigSong } from "../midi/big-song.ts";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const dir = mkdtempSync(join(tmpdir(), "magicbus-bench-"));

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +s[s.length - 1]!.toFixed(2) };
}

// 16 bars at 124 bpm = 64 beats = 30.97 s of music
const seconds = (16 * 4 * 60) / 124;
const seedTimes: number[] = [];
let seedNotes = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const { midi } = await minimal(join(dir, "seed.mid"), seconds);
  seedTimes.push(performance.now() - t0);
  seedNotes = midi.noteCount;
}

const loader = new PatchLoader();
const patchTimes: number[] = [];
let patchNotes = 0;
for (let i = 0; i < runs; i++) {
  const r = await renderPatch(resolve("patches/basic.ts"), { bars: 16, bpm: 124, loader, outPath: join(dir, "basic.mid") });
  patchTimes.push(r.wallMs);
  patchNotes = r.notes;
}

// The SMF encoder on 3100 notes and 2000 tempo changes (linear time; goal under 200 ms).
const big = bigSong();
const smfTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  writeSmf(big);
  smfTimes.push(performance.now() - t0);
}

const seed = summary(seedTimes);
const smf = summary(smfTimes);
const patch = summary(patchTimes);
console.log(`seed minimal example, 16 bars (${seedNotes} notes), ${runs} runs: median ${seed.median} ms, p95 ${seed.p95} ms, max ${seed.max} ms`);
console.log(`patches/basic.ts via loader, 16 bars (${patchNotes} notes): median ${patch.median} ms, p95 ${patch.p95} ms, max ${patch.max} ms`);
console.log(`SMF encode, 3100 notes and 2000 tempo changes: median ${smf.median} ms, max ${smf.max} ms (goal < 200 ms)`);
console.log(`first run (cold): seed ${seedTimes[0]!.toFixed(1)} ms, patch ${patchTimes[0]!.toFixed(1)} ms`);
console.log(JSON.stringify({ bench: "render", runs, seed16BarsMs: seed, patch16BarsMs: patch, smfEncodeMs: smf, coldMs: { seed: +seedTimes[0]!.toFixed(1), patch: +patchTimes[0]!.toFixed(1) }, targetMs: 100, pass: seed.p95 < 100 && smf.max < 200 }));
