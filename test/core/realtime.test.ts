/** One short run on the real clock: the only test here that takes wall-clock time (about 0.6 s). */
import { describe, expect, it } from "vitest";
import { allNotes, Arpeggiator, ArpConfig, Clock, defaultScales, EuclideanPattern, EuclideanRhythmNode, EventScheduler, MidiOutSink, PPQ, System } from "../../src/index.ts";

describe("realtime clock", () => {
  it("plays the same notes in real time as the virtual clock does, on the same ticks", async () => {
    async function play(clock: "realtime" | "virtual") {
      const sys = new System({ clock, seed: 5 });
      sys.add(new EventScheduler(sys.bus));
      sys.add(new Clock(sys.bus, { bpm: 300, stepsPerBeat: 4 }));
      sys.add(new EuclideanRhythmNode(sys.bus, { pattern: new EuclideanPattern({ steps: 8, pulses: 5 }), probability: 0.7 }));
      sys.add(new Arpeggiator(sys.bus, defaultScales(), { config: new ArpConfig({ degrees: [0, 2, 4], pattern: "random" }) }));
      const midi = sys.add(new MidiOutSink(sys.bus));
      const t0 = performance.now();
      await sys.runFor(0.6);
      const wall = performance.now() - t0;
      sys.stop();
      return { notes: allNotes(midi.close()), wall };
    }
    const real = await play("realtime");
    const virtual = await play("virtual");
    expect(real.wall).toBeGreaterThanOrEqual(590);
    expect(virtual.wall).toBeLessThan(200);
    expect(real.notes.length).toBeGreaterThan(3);
    expect(real.notes).toEqual(virtual.notes);
    for (const n of real.notes) expect(n.tick % (PPQ / 4)).toBe(0);
  });
});
