/**
 * Live steering, heard: a piano starts as one archetype, is steered to another, and after 3/μ bars
 * (μ the target's viscosity) the stretch it plays is compared with the target played from the
 * start over the same stretch (its own phrases: after a metre change the bars need not line up). For every measure of the target's signature (hearing.ts, signatures.ts)
 * that had a way to go, and for the loudness, the fraction of the way it moved. Shared by the test
 * (test/mil/nodes/piano-steering.test.ts) and the compose benchmark.
 */
import { PianoNode, PPQ } from "../../../src/index.ts";
import { createSession } from "../../../src/live/session.ts";
import { hear, type Heard } from "../../../src/mil/hearing.ts";
import { holds, SIGNATURES } from "../../../src/mil/signatures.ts";
import { sliceSong, type Song } from "../../../src/song/song.ts";

const BAR = 4 * PPQ;

function play(archetype: string) {
  const session = createSession({ bpm: 100, seed: 9, logger: () => {} });
  const piano = session.system.add(new PianoNode(session.bus, { name: "piano", archetype }));
  return { session, piano, run: (bars: number) => session.system.runUntilTick(session.system.timeline.now + bars * BAR) };
}

/** The recording from `from` to `to`, on the bars its time signatures give, heard in C. */
function stretch(song: Song, from: number, to: number): Heard {
  return hear({ ...sliceSong(song, from, to), keySignatures: [{ tick: 0, sharps: 0, minor: false }] });
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
export async function steer(from: string, to: string): Promise<{ moved: Moved[]; metreFollowed: boolean; metres: string[] }> {
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
  const song = t.session.midi.toSong();
  const a = stretch(song, before[0]!.startTick, before.at(-1)!.endTick);
  const l = stretch(song, late[0]!.startTick, late.at(-1)!.endTick);
  // the target's own phrases over the same stretch (its bars need not line up with the steered piano's)
  const refLate = ref.piano.history.filter((p) => p.startTick >= late[0]!.startTick && p.endTick <= late.at(-1)!.endTick);
  const r = stretch(ref.session.midi.toSong(), refLate[0]!.startTick, refLate.at(-1)!.endTick);
  const moved: Moved[] = [];
  const add = (measure: string, value: (h: Heard) => number) => {
    const [x, y, z] = [value(a), value(l), value(r)];
    moved.push({ measure, before: x, after: y, target: z, fraction: Math.min(1, (y - x) / (z - x)) });
  };
  // loudness counts when the two differ audibly (3 velocity units or more)
  if (Math.abs(a.meanVelocity - r.meanVelocity) >= 3) add("mean velocity", (h) => h.meanVelocity);
  for (const sig of SIGNATURES.filter((s) => s.archetype === to && !s.measure.startsWith("time signature"))) {
    // a measure that already held the target's threshold before the steer had no way to go
    if (!holds(sig, sig.value(a)) && !moved.some((m) => m.measure === sig.measure)) add(sig.measure, sig.value);
  }
  const metres = (song.timeSignatures ?? []).map((x) => `${x.numerator}/${x.denominator}@${x.tick / PPQ}`);
  const target = ref.session.midi.toSong().timeSignatures!.at(-1)!;
  const last = song.timeSignatures!.at(-1)!;
  return { moved, metreFollowed: last.numerator === target.numerator && last.denominator === target.denominator, metres };
}
