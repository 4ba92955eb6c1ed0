/**
 * The crash-safe recording of a long set: how long each 2-second rewrite holds the main thread
 * (the hand-over of what changed) and how long the recording thread takes to write the file, as
 * the set grows to 300 000 notes (8 hours at about 10 notes a second).
 *   npm run bench -- recording
 */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { NoteEvent, PPQ } from "../../src/index.ts";
import { Recording } from "../../src/live/recording.ts";
import { createSession } from "../../src/live/session.ts";

const session = createSession({ bpm: 120, seed: 1, logger: () => {} });
const { system, bus } = session;
system.start();
const path = join(mkdtempSync(join(tmpdir(), "magicbus-bench-rec-")), "set.mid");
const rec = new Recording(path, session.midi, { flushEveryMs: 0 });
await rec.flush();

const rows: { notes: number; handOverMs: number; writeMs: number; bytes: number }[] = [];
let played = 0;
const targets = [10_000, 36_000, 100_000, 300_000];
async function playUntil(target: number): Promise<void> {
  // 10 notes a beat, each half a beat long
  while (played < target) {
    const tick = Math.floor(played / 10) * PPQ + (played % 10) * (PPQ / 10);
    await system.runUntilTick(tick + 1);
    bus.emit(new NoteEvent({ tick: tick as never, pitch: 36 + (played % 48), velocity: 0.7, gateBeats: 0.5 }));
    played++;
  }
}
for (const target of targets) {
  await playUntil(target);
  await rec.flush(); // hand over the bulk (the benchmark's fast-forward, not a real set's 2 s)
  // then 2 s of a real set (40 notes at 120 bpm) and the timer's flush: the main thread's part,
  // then the wait for the file
  await playUntil(target + 40);
  await system.runUntilTick(system.timeline.now + PPQ);
  const t0 = performance.now();
  const written = rec.flush();
  const handOverMs = performance.now() - t0;
  await written;
  rows.push({ notes: session.midi.noteCount, handOverMs, writeMs: rec.lastWrite!.ms, bytes: statSync(path).size });
}
await rec.stop();

for (const r of rows) {
  console.log(`${String(r.notes).padStart(7)} notes: a 2-second flush holds the main thread ${r.handOverMs.toFixed(2)} ms; the recording thread writes the file in ${r.writeMs.toFixed(1)} ms (${(r.bytes / 1024).toFixed(0)} KiB)`);
}
console.log(JSON.stringify({ bench: "recording", rows: rows.map((r) => ({ notes: r.notes, mainThreadMs: +r.handOverMs.toFixed(3), writeMs: +r.writeMs.toFixed(1), bytes: r.bytes })) }));
process.exit(0);
