/** Offline rendering: a patch played by the virtual clock, as fast as the work allows, into a MIDI file. */
import { performance } from "node:perf_hooks";
import type { Problem } from "./core/bus.ts";
import { PPQ } from "./core/time.ts";
import { createSession } from "./live/session.ts";
import { PatchLoader } from "./live/patch-loader.ts";
import type { Song } from "./song/song.ts";

export interface RenderOptions {
  bars?: number;
  bpm?: number;
  seed?: string | number;
  outPath?: string;
  beatsPerBar?: number;
  loader?: PatchLoader;
  /** Problems reported while playing (default: printed to stderr). */
  onProblem?: (p: Problem) => void;
}

export interface RenderResult {
  song: Song;
  notes: number;
  bars: number;
  bpm: number;
  /** Musical length in seconds. */
  seconds: number;
  /** How long the render took, ms. */
  wallMs: number;
  nodes: string[];
}

export async function renderPatch(file: string, o: RenderOptions = {}): Promise<RenderResult> {
  const bars = o.bars ?? 16;
  if (!Number.isInteger(bars) || bars < 1 || bars > 100_000) throw new RangeError(`bars must be an integer from 1 to 100000, got ${bars}`);
  const started = performance.now();
  const session = createSession({
    bpm: o.bpm ?? 120,
    seed: o.seed ?? 0,
    ...(o.outPath ? { outPath: o.outPath } : {}),
    ...(o.beatsPerBar ? { beatsPerBar: o.beatsPerBar } : {}),
    ...(o.onProblem ? { logger: o.onProblem } : {}),
  });
  const loader = o.loader ?? new PatchLoader();
  const { nodes } = await loader.load(file, session);
  for (const n of nodes) session.system.add(n);
  const endTick = bars * session.beatsPerBar * PPQ;
  await session.system.runUntilTick(endTick);
  const song = session.midi.close();
  session.system.stop();
  return {
    song,
    notes: session.midi.noteCount,
    bars,
    bpm: session.system.timeline.tempo.bpmAt(0),
    seconds: session.system.timeline.tempo.toSeconds(endTick),
    wallMs: performance.now() - started,
    nodes: session.system.names(),
  };
}
