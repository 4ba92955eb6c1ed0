/**
 * Replay: render a journaled set again, offline, note for note. The journal gives the session
 * settings and seed, the prelude and every patch version as compiled, and every cue with the
 * tick it acted at; exact time and keyed randomness do the rest.
 */
import { performance } from "node:perf_hooks";
import { PPQ } from "../core/time.ts";
import type { Song } from "../song/song.ts";
import { readJournal } from "./journal.ts";
import { JournalFollower } from "./follow.ts";
import { LiveSet } from "./live-set.ts";
import { PatchLoader } from "./patch-loader.ts";
import { createSession } from "./session.ts";
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
  const follower = new JournalFollower(new LiveSet(session), new PatchLoader());
  for (const entry of entries) await follower.apply(entry);
  const endTick = follower.endTick;
  const lastTick = follower.lastTick;
  const ended = endTick !== undefined;
  const until = endTick ?? lastTick + session.beatsPerBar * PPQ;
  // The end cue stops the set on its tick, before that tick's music, as it stopped the daemon;
  // a journal without one is stopped where it is rendered to. The sink ends the song there.
  await session.system.runUntilTick(ended ? until + 1 : until);
  if (!ended) session.system.stop();
  const song = session.midi.close();
  return { song, notes: session.midi.noteCount, endTick: until, ended, wallMs: performance.now() - started };
}
