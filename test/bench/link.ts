/**
 * `npm run bench -- link`: magicbus against the Link SDK's own LinkHut for a minute, inside a
 * network namespace made for it (loopback only; test/e2e/link/namespace.ts). Needs jackd2 and
 * ableton-link-utils, and root or user namespaces.
 *
 * - **phase error**: every onset of the set (its OSC timetag: when it sounds) against LinkHut's
 *   beat at that moment, at quantum 4, in ms. LinkHut's beat is read from its display (two
 *   decimals, every 10 ms, stamped on arrival), so each onset takes the median over the readings
 *   within 100 ms: the figure includes that reading's own error (its rounding is ±0.01 beat, ±2 ms
 *   at 133 bpm, before the median). Goal p99 ≤ 1 ms.
 * - **tempo follow**: LinkHut one bpm faster → the moment the set's tempo change sounds (its tick
 *   in the recording, placed on the onsets' grid).
 * - **bpm() → LinkHut**: the REPL line → LinkHut displays the tempo (the change is cued at the
 *   next beat, so this includes up to a beat).
 */
import { namespaceProblem, runInNamespace } from "../e2e/link/namespace.ts";
import { installed } from "../programs.ts";

const missing = ["jackd", "LinkHut", "unshare"].filter((p) => !installed(p));
const problem = missing.length > 0 ? `needs ${missing.join(", ")} (apt-get install jackd2 ableton-link-utils)` : namespaceProblem();
if (problem) {
  console.log(`link: not run: ${problem}`);
  console.log(JSON.stringify({ bench: "link", ran: false, reason: problem }));
  process.exit(0);
}
console.log("link: LinkHut at 133 bpm and a daemon with --link, 60 s, in a network namespace …");
const { result: r, output } = await runInNamespace("phase", 150_000);
if (!r) {
  console.log(`link: the scenario failed:\n${output}`);
  console.log(JSON.stringify({ bench: "link", ran: false, reason: "scenario failed" }));
  process.exit(1);
}
const phase = r.phase as { onsets: number; p50: number; p99: number; max: number; mean: number };
const f = (x: number) => x.toFixed(3);
console.log(`phase error over ${phase.onsets} onsets: p50 ${f(phase.p50)} ms, p99 ${f(phase.p99)} ms, max ${f(phase.max)} ms, mean ${f(phase.mean)} ms (goal p99 ≤ 1 ms: ${phase.p99 <= 1 ? "met" : "missed"})`);
console.log(`tempo follow: LinkHut's +1 bpm sounded in the set ${f(r.tempoFollowMs as number)} ms after the key`);
console.log(`bpm(140) in the REPL reached LinkHut's display after ${f(r.replToLinkHutMs as number)} ms (cued at the next beat)`);
console.log(`first note at 133 bpm on beat ${f(r.firstBeatAt133 as number)} of the set; notes at another tempo before LinkHut's change: ${String(r.notAt133BeforeKey)}`);
console.log(JSON.stringify({ bench: "link", ran: true, phaseErrorMs: { p50: phase.p50, p99: phase.p99, max: phase.max, mean: phase.mean, onsets: phase.onsets }, tempoFollowMs: r.tempoFollowMs, replToLinkHutMs: r.replToLinkHutMs, goal: { p99Ms: 1, met: phase.p99 <= 1 } }));
