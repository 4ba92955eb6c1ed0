/**
 * The recording thread: keeps the set's notes and rewrites the Standard MIDI File (to a temporary
 * file, then an atomic rename) whenever the main thread hands over what changed. Encoding a long
 * set takes long (≈ 1 s for 300 000 notes): done here, it can never hold up the music.
 */
import { renameSync, writeFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { writeSmf } from "../midi/smf.ts";
import { sliceSong, type SongControl, type SongNote, type SongProgram } from "../song/song.ts";
import type { RecordingAttach, RecordingReply, RecordingStart, RecordingUpdate } from "./recording-protocol.ts";

const start = workerData as RecordingStart;
const done: SongNote[] = [];
const controls: SongControl[] = [];
const programs: SongProgram[] = [];

// Updates come from the thread that made this one, or from an engine through a port the
// supervisor attached; each is answered where it came from.
parentPort!.on("message", (m: RecordingUpdate | RecordingAttach) => {
  if (m.kind === "attach") {
    m.port.on("message", (u: RecordingUpdate) => m.port.postMessage(write(u)));
    return;
  }
  parentPort!.postMessage(write(m));
});

function write(u: RecordingUpdate): RecordingReply {
  const t0 = performance.now();
  if (u.reset) {
    done.length = 0;
    controls.length = 0;
    programs.length = 0;
  }
  for (const n of u.done) done.push(n);
  for (const c of u.controls) controls.push(c);
  for (const p of u.programs) programs.push(p);
  // A set handed over again in chunks is written once, with its last chunk.
  if (u.more) return { kind: "written", id: u.id, ms: performance.now() - t0, notes: done.length };
  const notes = [...done, ...u.sounding].sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
  const song = sliceSong(
    {
      ppq: start.ppq,
      tempos: u.tempos,
      timeSignatures: u.timeSignatures,
      tracks: [{ name: start.name, notes, controls, programs }],
    },
    start.fromTick,
    u.toTick,
  );
  let reply: RecordingReply;
  try {
    const tmp = `${start.path}.tmp-${process.pid}`;
    writeFileSync(tmp, writeSmf(song));
    renameSync(tmp, start.path);
    reply = { kind: "written", id: u.id, ms: performance.now() - t0, notes: notes.length };
  } catch (err) {
    reply = { kind: "failed", id: u.id, message: err instanceof Error ? err.message : String(err) };
  }
  return reply;
}
