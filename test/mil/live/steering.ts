/**
 * Live steering, heard: a piano starts as one archetype, is steered to another, and after 3/μ bars
 * (μ the target's viscosity) the stretch it plays is compared with the target played from the
 * start on the same bars. For every measure of the target's signature (hearing.ts, signatures.ts)
 * that had a way to go, and for the loudness, the fraction of the way it moved. Shared by the test
 * (test/mil/live/steering.test.ts) and the compose benchmark.
 */
import { allNotes, PianoNode, PPQ } from "../../../src/index.ts";
import { createSession } from "../../../src/live/session.ts";
import { hear, type Heard } from "../../../src/mil/hearing.ts";
import { holds, SIGNATURES } from "../../../src/mil/signatures.ts";
import type { SongNote } from "../../../src/song/song.ts";

const BAR = 4 * PPQ;

function play(archetype: string) {
  const session = createSession({ bpm: 100, seed: 9, logger: () => {} });
  const piano = session.system.add(new PianoNode(session.bus, { name: "piano", archetype }));
  return { session, piano, run: (bars: number) => session.system.runUntilTick(session.system.timeline.now + bars * BAR) };
}

/** The notes of [from, to) as a song of their own, on the composer's bars. */
function stretch(notes: readonly SongNote[], from: number, to: number, barBeats: number): Heard {
  const ns = notes.filter((n) => n.tick >= from && n.tick < to).map((n) => ({ ...n, tick: n.tick - from, endTick: Math.min(n.endTick, to) - from }));
  const timeSignatures = [{ tick: 0, numerator: barBeats === 3 ? 3 : 4, denominator: 4 }];
  return hear({ ppq: PPQ, tempos: [], timeSignatures, keySignatures: [{ tick: 0, sharps: 0, minor: false }], tracks: [{ notes: ns }] });
}

export interface Moved {
  measure: string;
  before: number;
  after: number;
  target: number;
  /** (after − before) ÷ (target − before), capped at 1 (overshooting counts as arrived) */
  fraction: number;
}

/** Steer `from` → `to` after 12 bars and hear where it has got to 3/μ bars later. */
export async function steer(from: string, to: string): Promise<{ moved: Moved[]; metreFollowed: boolean }> {
  const t = play(from);
  await t.run(12);
  const steerTick = t.session.system.timeline.now;
  t.piano.setParam("archetype", to);
  await t.run(48);
  const ref = play(to);
  await ref.run(60);
  const before = t.piano.history.filter((p) => p.composedTick < steerTick);
  const after = t.piano.history.filter((p) => p.composedTick >= steerTick);
  const mu = 0.1 + 0.3 * (1 - t.piano.composer.character.volatility);
  const late = after.filter((p) => p.info.startBar >= after[0]!.info.startBar + Math.ceil(3 / mu));
  const B = t.piano.composer.barBeats;
  const notes = allNotes(t.session.midi.toSong());
  const a = stretch(notes, before[0]!.startTick, before.at(-1)!.endTick, B);
  const l = stretch(notes, late[0]!.startTick, late.at(-1)!.endTick, B);
  const r = stretch(allNotes(ref.session.midi.toSong()), late[0]!.startTick, late.at(-1)!.endTick, ref.piano.composer.barBeats);
  const moved: Moved[] = [];
  const add = (measure: string, value: (h: Heard) => number) => {
    const [x, y, z] = [value(a), value(l), value(r)];
    moved.push({ measure, before: x, after: y, target: z, fraction: Math.min(1, (y - x) / (z - x)) });
  };
  add("mean velocity", (h) => h.meanVelocity);
  for (const sig of SIGNATURES.filter((s) => s.archetype === to && !s.measure.startsWith("time signature"))) {
    // a measure that already held the target's threshold before the steer had no way to go
    if (!holds(sig, sig.value(a)) && !moved.some((m) => m.measure === sig.measure)) add(sig.measure, sig.value);
  }
  return { moved, metreFollowed: t.piano.composer.barBeats === ref.piano.composer.barBeats };
}
