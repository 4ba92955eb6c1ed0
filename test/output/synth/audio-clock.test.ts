import { describe, expect, it } from "vitest";
import { AudioClock } from "../../../src/output/synth/audio-clock.ts";

/**
 * A device whose clock steps by one render quantum (128 frames at 48 kHz = 2.667 ms) when it asks
 * for audio, running `ppm` fast or slow against the output clock, read at times that do not line
 * up with its steps — as the synth thread reads it.
 */
function device(offsetMs: number, ppm = 0) {
  const quantum = 128 / 48_000;
  return (now: number) => Math.floor(((now - offsetMs) * (1 + ppm / 1e6)) / 1000 / quantum) * quantum;
}

describe("the audio clock", () => {
  it("finds the offset between the device's stepping clock and the output clock to within 0.05 ms", () => {
    const audioAt = device(1_000_000.123);
    const clock = new AudioClock();
    for (let now = 1_000_100; now < 1_000_400; now += 1.37) clock.observe(now, audioAt(now));
    clock.settle();
    expect(Math.abs(clock.offset - 1_000_000.123)).toBeLessThan(0.05);
    // Mapping both ways: a time placed on the device's clock comes back where it was.
    expect(clock.toNow(clock.toAudio(1_000_500))).toBeCloseTo(1_000_500, 9);
  });

  it("follows a drifting device without a jump, and measures the drift", () => {
    const audioAt = device(0, 50); // the device runs 50 ppm fast
    const clock = new AudioClock({ slewMsPerSecond: 2 });
    let previous: number | undefined;
    let biggestStep = 0;
    for (let now = 0; now < 120_000; now += 4.9) {
      clock.observe(now, audioAt(now));
      if (now < 300) continue;
      if (previous !== undefined) biggestStep = Math.max(biggestStep, Math.abs(clock.offset - previous));
      previous = clock.offset;
    }
    // After two minutes the device is 6 ms ahead; the offset followed it (to within one quantum).
    expect(Math.abs(clock.offset - -6)).toBeLessThan(2.7);
    // Never more than the slew allows per reading: an onset never jumps.
    expect(biggestStep).toBeLessThanOrEqual(2 * (4.9 / 1000) + 1e-9);
    expect(clock.driftPpm).toBeGreaterThan(-60);
    expect(clock.driftPpm).toBeLessThan(-40);
  });

  it("a thread interrupted between the two readings never moves the offset early", () => {
    const trueOffset = 5_000.25;
    const audioAt = device(trueOffset);
    // One clock of the machine; every 40th reading, the thread loses 1.25 ms between its two reads.
    let t = 5_100;
    let hiccup = 0;
    const touch = () => {
      const at = t;
      t += hiccup;
      hiccup = 0;
      return at;
    };
    const ctx = {
      get currentTime() {
        return audioAt(touch());
      },
    };
    const clock = new AudioClock();
    let lowest = Infinity;
    for (let n = 0; n < 4000; n++, t += 1.37) {
      if (n % 40 === 39) hiccup = 1.25;
      clock.read(ctx, touch);
      if (n === 100) clock.settle();
      if (n > 100) lowest = Math.min(lowest, clock.offset);
    }
    // Early by at most rounding; late by at most one quantum (a reading is never below the truth).
    expect(lowest).toBeGreaterThan(trueOffset - 0.001);
    expect(clock.offset).toBeLessThan(trueOffset + 2.7);
  });

  it("has no offset before its first reading", () => {
    expect(() => new AudioClock().offset).toThrow("no reading yet");
  });
});
