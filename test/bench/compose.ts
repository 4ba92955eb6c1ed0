/**
 * `npm run bench -- compose [runs]`: MIL compose time for 16/32/64/128 bars (median and p95
 * over many runs, three archetypes), SMF writing time, memory, and the identity measure
 * (leave-one-out nearest-centroid accuracy over 11 features read back from the .mid files).
 */
import { loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import { ARCHETYPE_NAMES } from "../../src/mil/archetypes.ts";
import { compose } from "../../src/mil/compose.ts";
import { identityFeatures, leaveOneOutAccuracy } from "../../src/mil/identity.ts";
import { pieceToSong } from "../../src/mil/to-song.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const runs = Number(process.argv[2] ?? 60);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const archetypes = ["Nocturne", "Toccata", "Waltz"];

// warm up the JIT
for (let i = 0; i < 30; i++) compose({ bars: 32, archetype: archetypes[i % 3], seed: i });

const result: Record<string, unknown> = { runs };
// The machine may be shared: wall time is reported with the CPU time of the process and the
// load average, so a slow figure can be told apart from a busy machine.
result.loadAverage = Number(loadavg()[0]!.toFixed(2));
console.log(`compose time over ${runs} runs × ${archetypes.length} archetypes (load average ${result.loadAverage}):`);
console.log("          wall median / p95 / min      CPU median");
for (const bars of [16, 32, 64, 128]) {
  const times: number[] = [];
  const cpu: number[] = [];
  let notes = 0;
  for (let i = 0; i < runs; i++) {
    for (const archetype of archetypes) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const p = compose({ bars, archetype, seed: i });
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      notes += p.notes.length;
    }
  }
  const med = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  result[`compose${bars}MedianMs`] = Number(med.toFixed(3));
  result[`compose${bars}P95Ms`] = Number(p95.toFixed(3));
  result[`compose${bars}MinMs`] = Number(quantile(times, 0).toFixed(3));
  result[`compose${bars}CpuMedianMs`] = Number(quantile(cpu, 0.5).toFixed(3));
  console.log(
    `  ${String(bars).padStart(3)} bars: ${med.toFixed(2)} / ${p95.toFixed(2)} / ${quantile(times, 0).toFixed(2)} ms   ${quantile(cpu, 0.5).toFixed(2)} ms  (${Math.round(notes / times.length)} notes)`,
  );
}

const smfTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const p = compose({ bars: 128, archetype: archetypes[i % 3], seed: i });
  const t0 = performance.now();
  writeSmf(pieceToSong(p));
  smfTimes.push(performance.now() - t0);
}
result.writeSmf128MedianMs = Number(quantile(smfTimes, 0.5).toFixed(3));
console.log(`write a 128-bar piece as SMF (tempo map on the 16th grid): ${quantile(smfTimes, 0.5).toFixed(2)} ms median`);

gc();
const before = process.memoryUsage().heapUsed;
const keep = compose({ bars: 128, archetype: "Toccata", seed: 1 });
const after = process.memoryUsage().heapUsed;
result.heapGrowth128KiB = Math.round((after - before) / 1024);
result.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`heap growth of one 128-bar Toccata (${keep.notes.length} notes): ${result.heapGrowth128KiB} KiB; peak RSS of this process: ${result.maxRssMiB} MiB`);

const samples: { label: string; features: number[] }[] = [];
const seeds = 8;
for (const archetype of ARCHETYPE_NAMES) {
  for (let seed = 0; seed < seeds; seed++) {
    const song = readSmf(writeSmf(pieceToSong(compose({ bars: 32, archetype, seed }))));
    samples.push({ label: archetype, features: identityFeatures(song) });
  }
}
const accuracy = leaveOneOutAccuracy(samples);
result.identityAccuracy = Number(accuracy.toFixed(4));
console.log(`identity: ${(accuracy * 100).toFixed(1)} % of ${samples.length} pieces (20 archetypes × ${seeds} seeds, 32 bars, C major) recognised (chance 5 %, reference 38 %)`);
console.log(JSON.stringify({ benchmark: "compose", ...result }));
