import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ArpConfig,
  Arpeggiator,
  defaultScales,
  EuclideanPattern,
  EuclideanRhythmNode,
  Humanize,
  MidiOutSink,
  NoteEvent,
  PPQ,
  ProbabilityRouter,
  writeSmf,
  type Problem,
} from "../src/index.ts";
import { renderPatch } from "../src/render.ts";
import { withClock } from "./helpers.ts";
import { validateSmf } from "./midi/smf-validator.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-determinism-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const patch = join(import.meta.dirname, "..", "patches", "basic.ts");

async function render(seed: number, name: string): Promise<Uint8Array> {
  const problems: Problem[] = [];
  const outPath = join(dir, name);
  const result = await renderPatch(patch, { bars: 8, seed, outPath, onProblem: (p) => problems.push(p) });
  expect(problems).toEqual([]);
  expect(result.notes).toBeGreaterThan(0);
  return readFileSync(outPath);
}

describe("determinism", () => {
  it("the same seed renders a patch to identical bytes; another seed to other bytes", async () => {
    const a = await render(42, "a.mid");
    const b = await render(42, "b.mid");
    const c = await render(43, "c.mid");
    expect(validateSmf(a).problems).toEqual([]);
    expect(validateSmf(c).problems).toEqual([]);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(c).equals(Buffer.from(a))).toBe(false);
    // The difference is in the music (probability 0.95 drops different hits), not in the framing.
    const notes = (bytes: Uint8Array) => validateSmf(bytes).notes.map((n) => [n.on, n.pitch]);
    expect(notes(c)).not.toEqual(notes(a));
  });

  /** A hand-built patch with randomness everywhere: probabilistic rhythm, random arpeggio. */
  async function play(seed: number, extra: "none" | "nodes") {
    const s = withClock({ seed });
    const { system, bus, sched } = s;
    if (extra === "nodes") {
      // Unrelated nodes with random streams of their own, added *before* the others and
      // drawing on every step the others play on.
      system.add(new EuclideanRhythmNode(bus, { name: "ghost", pattern: new EuclideanPattern({ steps: 16, pulses: 11 }), hitTriggerName: "ghost_hit", probability: 0.5 }));
      system.add(new ProbabilityRouter(bus, { name: "split", input: "hit", outputs: { left: 1, right: 1 } }));
      system.add(new Arpeggiator(bus, defaultScales(), { name: "arp2", triggerName: "ghost_hit", config: new ArpConfig({ pattern: "random", degrees: [0, 1, 2, 3, 4], probability: 0.5 }) }));
      system.add(new Humanize(bus, sched, { name: "humanize", from: "arp2" }));
    }
    system.add(new EuclideanRhythmNode(bus, { name: "euc", pattern: new EuclideanPattern({ steps: 16, pulses: 7 }), hitTriggerName: "hit", probability: 0.7 }));
    system.add(
      new Arpeggiator(bus, defaultScales(), {
        name: "arp",
        triggerName: "hit",
        scaleName: "dorian",
        config: new ArpConfig({ pattern: "random", degrees: [0, 2, 4, 6], octaves: 2, probability: 0.8, gateBeats: 0.2 }),
      }),
    );
    const midi = system.add(new MidiOutSink(bus, { from: "arp" }));
    const arpNotes: string[] = [];
    let others = 0;
    bus.on(NoteEvent, (n) => (n.source === "arp" ? arpNotes.push(`${n.tick}:${n.pitch}`) : others++));
    await system.runUntilTick(16 * 4 * PPQ);
    expect(s.problems).toEqual([]);
    return { arpNotes, others, bytes: writeSmf(midi.close()) };
  }

  it("the same seed plays the same notes; adding unrelated random nodes does not change them", async () => {
    const alone = await play(5, "none");
    const again = await play(5, "none");
    const crowded = await play(5, "nodes");
    expect(alone.arpNotes.length).toBeGreaterThan(40); // 16 bars × 7 hits × 0.7 × 0.8 ≈ 63
    expect(again.arpNotes).toEqual(alone.arpNotes);
    expect(crowded.others).toBeGreaterThan(50); // the extra nodes really played
    expect(crowded.arpNotes).toEqual(alone.arpNotes);
    expect(Buffer.from(crowded.bytes).equals(Buffer.from(alone.bytes))).toBe(true);
    expect(validateSmf(alone.bytes).problems).toEqual([]);
    // …and the seed matters.
    expect((await play(6, "none")).arpNotes).not.toEqual(alone.arpNotes);
  });
});
