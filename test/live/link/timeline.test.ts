import { describe, expect, it } from "vitest";
import { beatsAt, bpmOf, ghostAt, isNewer, phaseError, theirSessionWins, timelineAt, withTempo } from "../../../src/live/link/timeline.ts";
import { bestOffset, Measurer } from "../../../src/live/link/measure.ts";
import { decodeMeasurement, encodePong } from "../../../src/live/link/wire.ts";

const at120 = { microsPerBeat: 500_000, beatOrigin: 0, timeOrigin: 0 };

describe("Link timelines", () => {
  it.each([
    [0, 0],
    [500_000, 1],
    [1_500_000, 3],
    [-500_000, -1],
  ])("at 120 bpm, ghost %d µs is beat %d", (ghost, beat) => {
    expect(beatsAt(at120, ghost)).toBe(beat);
    expect(ghostAt(at120, beat)).toBe(ghost);
  });

  it("a tempo change keeps the beat where it is and is the newer timeline", () => {
    const faster = withTempo(at120, 133, 2_000_000); // beat 4 at 2 s
    expect(bpmOf(faster)).toBeCloseTo(133, 3);
    expect(beatsAt(faster, 2_000_000)).toBeCloseTo(4, 6);
    expect(beatsAt(faster, 2_000_000 + 451_128)).toBeCloseTo(5, 5); // one beat at 133 later
    expect(isNewer(faster, at120)).toBe(true);
    expect(isNewer(at120, faster)).toBe(false);
  });

  it("a tempo change at the very beat origin still moves the origin on", () => {
    const tl = timelineAt(120, 8, 4_000_000);
    expect(isNewer(withTempo(tl, 90, 4_000_000), tl)).toBe(true);
  });

  it.each([
    // ours, session's, quantum, error in beats
    [7.25, 3, 4, 0.25],
    [3, 7.25, 4, -0.25],
    [4, 4, 4, 0],
    [5.9, 4, 4, 1.9],
    [6.1, 4, 4, -1.9],
    [10.5, 10, 1, 0.5],
  ])("phase: our beat %d against the session's %d at quantum %d is %d beats off", (ours, theirs, q, e) => {
    expect(phaseError(ours, theirs, q)).toBeCloseTo(e, 9);
  });

  it("the older session wins; sessions of the same age keep the smaller id", () => {
    expect(theirSessionWins(10_000_000, 1_000_000, "bbbbbbbb", "aaaaaaaa")).toBe(true);
    expect(theirSessionWins(1_000_000, 10_000_000, "aaaaaaaa", "bbbbbbbb")).toBe(false);
    expect(theirSessionWins(1_200_000, 1_000_000, "aaaaaaaa", "bbbbbbbb")).toBe(true);
    expect(theirSessionWins(1_200_000, 1_000_000, "bbbbbbbb", "aaaaaaaa")).toBe(false);
  });
});

describe("measuring a session's ghost time", () => {
  it("takes the median of the fastest third: one slow leg does not move it", () => {
    const samples = [
      ...Array.from({ length: 9 }, (_, i) => ({ offset: 1000 + (i % 3) - 1, rtt: 100 + i })),
      { offset: 5000, rtt: 9000 }, // a pong that waited in a queue
      { offset: -3000, rtt: 8000 },
      { offset: 1400, rtt: 400 },
    ];
    expect(Math.abs(bestOffset(samples)! - 1000)).toBeLessThanOrEqual(1);
    expect(bestOffset([])).toBeUndefined();
  });

  it("against a peer whose ghost time is host + 123456 µs, over an uneven network", async () => {
    let host = 1_000_000;
    const clock = () => host;
    let i = 0;
    const m = new Measurer(
      (ping) => {
        const sent = decodeMeasurement(ping)!;
        // the way there and back take different times; every fourth exchange is slow one way
        const there = i % 4 === 3 ? 900 : 60;
        const back = 40 + (i++ % 3) * 10;
        const ghost = host + there + 123_456;
        host += there + back;
        const pong = decodeMeasurement(encodePong("abcdefgh", ghost, sent.entries))!;
        setImmediate(() => m.pong(pong, host));
      },
      clock,
      { samples: 12 },
    );
    const offset = await m.run();
    // the fast exchanges are off by half their asymmetry at most: (60 − 40..60) / 2
    expect(Math.abs(offset! - 123_456)).toBeLessThanOrEqual(10);
  });

  it("a peer that never answers gives no result", async () => {
    const m = new Measurer(() => {}, () => 0, { timeoutMs: 1, maxTimeouts: 3 });
    expect(await m.run()).toBeUndefined();
  });
});
