/**
 * `npm run bench -- compose [runs]`: MIL compose time for 16/32/64/128 bars (median and p95
 * over many runs, three archetypes), SMF writing time, memory, the identity measure
 * (leave-one-out nearest-centroid accuracy over 11 features read back from the .mid files), the
 * archetype signatures held (signatures.ts, seeds 0–7), the velocity span across archetypes, and
 * how far live steering has moved after 3/μ bars. With MIL_REFERENCE_ENGINE=path/to/mil_engine.py
 * (the public Python reference, github tasmaikeni13/Melodic-Intelligence-Layer, piano/) and python3
 * with numpy, the reference composes the same 128-bar pieces in the same run, for the speed ratio.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import { ARCHETYPE_NAMES } from "../../src/mil/archetypes.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { hear, type Heard } from "../../src/mil/hearing.ts";
import { identityFeatures, leaveOneOutAccuracy } from "../../src/mil/identity.ts";
import { holds, SIGNATURES } from "../../src/mil/signatures.ts";
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
const heard = new Map<string, Heard[]>();
const seeds = 8;
for (const archetype of ARCHETYPE_NAMES) {
  for (let seed = 0; seed < seeds; seed++) {
    const song = readSmf(writeSmf(pieceToSong(compose({ bars: 32, archetype, seed, key: "C" }))));
    samples.push({ label: archetype, features: identityFeatures(song) });
    heard.set(archetype, [...(heard.get(archetype) ?? []), hear(song)]);
  }
}
const accuracy = leaveOneOutAccuracy(samples);
result.identityAccuracy = Number(accuracy.toFixed(4));
console.log(`identity: ${(accuracy * 100).toFixed(1)} % of ${samples.length} pieces (20 archetypes × ${seeds} seeds, 32 bars, in C; the Elegy in its idiomatic minor) recognised (chance 5 %, reference 38 %)`);

// Signatures: an archetype holds when every line of its signature holds for every seed.
const broken: string[] = [];
for (const archetype of ARCHETYPE_NAMES) {
  for (const sig of SIGNATURES.filter((x) => x.archetype === archetype)) {
    const bad = heard.get(archetype)!.filter((h) => !holds(sig, sig.value(h))).length;
    if (bad > 0) broken.push(`${archetype}: ${sig.measure} (${bad} of ${seeds} seeds)`);
  }
}
const held = ARCHETYPE_NAMES.filter((a) => !broken.some((b) => b.startsWith(`${a}:`))).length;
result.signaturesHeld = held;
console.log(`signatures held: ${held} of ${ARCHETYPE_NAMES.length} archetypes over ${seeds} seeds${broken.length ? ` — broken: ${broken.join("; ")}` : ""}`);

const loudness = ARCHETYPE_NAMES.map((a) => ({ a, v: heard.get(a)!.reduce((s, h) => s + h.meanVelocity, 0) / seeds })).sort((x, y) => x.v - y.v);
const soft = loudness[0]!;
const loud = loudness[loudness.length - 1]!;
result.velocitySpan = Number((loud.v - soft.v).toFixed(2));
console.log(`velocity span: ${soft.a} ${soft.v.toFixed(1)} … ${loud.a} ${loud.v.toFixed(1)} = ${(loud.v - soft.v).toFixed(1)}`);

// Live steering, on the virtual clock: the fraction of the way each measure moved after 3/μ bars.
const { steer } = await import("../mil/nodes/piano-steering.ts");
const steering: Record<string, number> = {};
let worst = Infinity;
for (const [from, to] of [["Lullaby", "Toccata"], ["Toccata", "Lullaby"], ["Nocturne", "March"], ["Waltz", "Mazurka"], ["Nocturne", "Tarantella"], ["Nocturne", "Waltz"], ["Nocturne", "Elegy"]] as const) {
  const { moved, metreFollowed, metres } = await steer(from, to);
  if (!metreFollowed) worst = Math.min(worst, 0);
  const min = Math.min(...moved.map((m) => m.fraction));
  worst = Math.min(worst, min);
  steering[`${from}->${to}`] = Number(min.toFixed(3));
  console.log(
    `steer ${from} → ${to}: ${moved.map((m) => `${m.measure} ${m.fraction.toFixed(2)} (${m.before.toFixed(2)} → ${m.after.toFixed(2)}, target ${m.target.toFixed(2)})`).join("; ")}; metre ${metreFollowed ? "followed" : "NOT followed"} (${metres.join(" ")})`,
  );
}
result.steeringMovedMin = Number(worst.toFixed(3));
result.steeringMoved = steering;

// The Python reference, 128 bars, same archetypes, in this run (when it is available).
const engine = process.env.MIL_REFERENCE_ENGINE;
if (engine && existsSync(engine)) {
  const harness = [
    "import sys, time, json, random, statistics",
    "import numpy as np",
    "from mil_engine import MILGenerator",
    "runs = int(sys.argv[1]); out = []",
    "for i in range(runs):",
    "  for a in ['Nocturne', 'Toccata', 'Waltz']:",
    "    random.seed(i); np.random.seed(i)",
    "    t0 = time.perf_counter(); c0 = time.process_time(); MILGenerator().generate(num_bars=128, archetype=a)",
    "    out.append(((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000))",
    "print(json.dumps({'median': statistics.median([w for w, c in out]), 'cpuMedian': statistics.median([c for w, c in out])}))",
  ].join("\n");
  const py = spawnSync("python3", ["-c", harness, String(Math.max(3, Math.round(runs / 6)))], { cwd: dirname(engine), encoding: "utf8" });
  if (py.status === 0) {
    const ref = JSON.parse(py.stdout.trim().split("\n").at(-1)!) as { median: number; cpuMedian: number };
    result.reference128MedianMs = Number(ref.median.toFixed(3));
    result.reference128CpuMedianMs = Number(ref.cpuMedian.toFixed(3));
    // wall time against wall time, and CPU against CPU (steadier when the machine is shared)
    result.speedupOverReference128 = Number((ref.median / (result.compose128MedianMs as number)).toFixed(1));
    result.cpuSpeedupOverReference128 = Number((ref.cpuMedian / (result.compose128CpuMedianMs as number)).toFixed(1));
    console.log(
      `Python reference, 128 bars: ${ref.median.toFixed(1)} ms wall / ${ref.cpuMedian.toFixed(1)} ms CPU median → ours is ${result.speedupOverReference128}× faster (wall), ${result.cpuSpeedupOverReference128}× (CPU)`,
    );
  } else console.log(`Python reference failed: ${py.stderr.trim().split("\n").at(-1)}`);
} else console.log("Python reference: not run (set MIL_REFERENCE_ENGINE to its mil_engine.py)");
console.log(JSON.stringify({ benchmark: "compose", ...result }));
