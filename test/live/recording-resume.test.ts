/**
 * After a takeover the new engine rewrites the recording from its own copy of the set, through a
 * port into the same recording thread: the file then holds the set once (no note twice, none lost),
 * whether the set is handed over in one piece or in chunks.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageChannel, Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { allNotes, NoteEvent, PPQ, readSmf } from "../../src/index.ts";
import { portLink, RECORDING_THREAD } from "../../src/live/recording-link.ts";
import { Recording } from "../../src/live/recording.ts";
import { createSession } from "../../src/live/session.ts";

function attach(thread: Worker) {
  const { port1, port2 } = new MessageChannel();
  thread.postMessage({ kind: "attach", port: port1 }, [port1]);
  return port2;
}

describe("a recording rewritten by an engine that took over", () => {
  it.each([["in one piece", Infinity], ["in chunks of 3 notes", 3]])("holds the set once, %s", async (_how, chunk) => {
    const path = join(mkdtempSync(join(tmpdir(), "magicbus-resume-")), "set.mid");
    const thread = new Worker(RECORDING_THREAD, { workerData: { path, ppq: PPQ, fromTick: 0, name: "midi" } });
    const session = createSession({ bpm: 120, seed: 1, logger: () => {} });
    const { system, bus } = session;
    system.start();
    for (let i = 0; i < 12; i++) system.timeline.at(i * PPQ, () => bus.emit(new NoteEvent({ pitch: 60 + (i % 5), velocity: 0.8, gateBeats: 0.5 })));

    // the first engine writes the first half of the set
    const first = new Recording(path, session.midi, { flushEveryMs: 0, link: portLink(Promise.resolve(attach(thread))) });
    await system.runUntilTick(6 * PPQ);
    await first.flush();
    expect(allNotes(readSmf(readFileSync(path))).length).toBe(6);

    // a takeover: the new engine has the whole set (it followed the same music) and rewrites it
    await system.runUntilTick(12 * PPQ);
    const second = new Recording(path, session.midi, { flushEveryMs: 0, resume: true, link: portLink(Promise.resolve(attach(thread))) });
    if (chunk !== Infinity) {
      await second.flush(undefined, chunk);
      // a chunk that is not the last leaves the file as it was: always a whole, valid set
      expect(allNotes(readSmf(readFileSync(path))).length).toBe(6);
      await second.flush(undefined, chunk);
    }
    await second.stop();
    const notes = allNotes(readSmf(readFileSync(path)));
    expect(notes.map((n) => n.tick)).toEqual(Array.from({ length: 12 }, (_, i) => i * PPQ));
    await thread.terminate();
  });
});
