/**
 * Replay: render a journaled set again, offline, note for note. The journal gives the session
 * settings and seed, the prelude and every patch version as compiled, and every cue with the
 * tick it acted at; exact time and keyed randomness do the rest.
 */
import { performance } from "node:perf_hooks";
import { PPQ } from "../core/time.ts";
import type { Song } from "../midi/song.ts";
import { readJournal } from "./journal.ts";
import { LiveSet } from "./live-set.ts";
import { PatchLoader } from "./patch-loader.ts";
import { createSession } from "./session.ts";
import { nameNodes } from "./stage.ts";
import type { Logger } from "../core/bus.ts";

export interface ReplayOptions {
  outPath?: string;
  logger?: Logger;
}

export interface ReplayResult {
  song: Song;
  notes: number;
  endTick: number;
  /** False when the journal has no end (the daemon was killed): rendered to one bar after the last cue. */
  ended: boolean;
  wallMs: number;
}

export async function replayJournal(path: string, o: ReplayOptions = {}): Promise<ReplayResult> {
  const started = performance.now();
  const { header, entries } = readJournal(path);
  const session = createSession({
    clock: "virtual",
    bpm: header.bpm,
    seed: header.seed,
    beatsPerBar: header.beatsPerBar,
    stepsPerBeat: header.stepsPerBeat,
    ...(o.outPath ? { outPath: o.outPath } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
  });
  const loader = new PatchLoader();
  const set = new LiveSet(session);
  let endTick: number | undefined;
  let lastTick = 0;
  for (const entry of entries) {
    lastTick = Math.max(lastTick, entry.tick);
    switch (entry.kind) {
      case "prelude":
        loader.usePreludeCode(entry.code);
        break;
      case "patch": {
        // Made in journal order, with the prelude of that moment, as the daemon made them.
        const nodes = await loader.instantiate({ file: entry.file, code: entry.code, inputs: [entry.file] }, session);
        set.prepare(entry, nameNodes(nodes));
        set.cues.at(entry.tick, entry);
        break;
      }
      case "end":
        // A cue like the others, so what acted on its tick before it acts again, in that order.
        endTick = entry.tick;
        set.cues.at(entry.tick, entry);
        break;
      case "repl":
        break;
      default:
        set.cues.at(entry.tick, entry);
    }
  }
  const ended = endTick !== undefined;
  const until = endTick ?? lastTick + session.beatsPerBar * PPQ;
  // The end cue stops the set on its tick, before that tick's music, as it stopped the daemon;
  // a journal without one is stopped where it is rendered to. The sink ends the song there.
  await session.system.runUntilTick(ended ? until + 1 : until);
  if (!ended) session.system.stop();
  const song = session.midi.close();
  return { song, notes: session.midi.noteCount, endTick: until, ended, wallMs: performance.now() - started };
}
