/** The realtime clock plays what the virtual clock plays, on the same ticks (on a manual wall clock). */
import { describe, expect, it } from "vitest";
import { allNotes, Arpeggiator, ArpConfig, Clock, defaultScales, EuclideanPattern, EuclideanRhythmNode, EventScheduler, MidiOutSink, PPQ, System } from "../../src/index.ts";
import { ManualClock } from "../manual-clock.ts";

describe("realtime clock", () => {
  it("plays the same notes in real time as the virtual clock does, on the same ticks, and takes the time it says", async () => {
    async function play(clock: "realtime" | "virtual") {
      const wall = new ManualClock();
      const sys = new System({ clock, seed: 5, wallClock: { now: wall.now, timers: wall } });
      sys.add(new EventScheduler(sys.bus));
      sys.add(new Clock(sys.bus, { bpm: 300, stepsPerBeat: 4 }));
      sys.add(new EuclideanRhythmNode(sys.bus, { pattern: new EuclideanPattern({ steps: 8, pulses: 5 }), probability: 0.7 }));
      sys.add(new Arpeggiator(sys.bus, defaultScales(), { config: new ArpConfig({ degrees: [0, 2, 4], pattern: "random" }) }));
      const midi = sys.add(new MidiOutSink(sys.bus));
      let done = false;
      const run = sys.runFor(6).then(() => (done = true));
      // the realtime run ends when the (manual) wall clock reaches 6 s, not before
      await wall.advance(5990);
      const early = done;
      await wall.advance(10);
      await run;
      sys.stop();
      return { notes: allNotes(midi.close()), early };
    }
    const real = await play("realtime");
    const virtual = await play("virtual");
    expect(real.early).toBe(false);
    expect(virtual.early).toBe(true); // virtual time does not wait for the wall clock
    expect(real.notes.length).toBeGreaterThan(30);
    expect(real.notes).toEqual(virtual.notes);
    for (const n of real.notes) expect(n.tick % (PPQ / 4)).toBe(0);
  });
});
