import { describe, expect, it } from "vitest";
import { CONTROL_PRIORITY, Timeline, type Cancel } from "../../../src/core/timeline.ts";
import { MidiClockOut, PULSE_TICKS, type MidiClockOutOptions } from "../../../src/midi/clock/clock-out.ts";

/** A Timeline that counts its live timers, to prove the clock never schedules far ahead. */
class CountingTimeline extends Timeline {
  live = 0;
  maxLive = 0;
  override at(tick: number, fire: () => void, priority = 0): Cancel {
    let done = false;
    const finish = (): void => {
      if (!done) this.live--;
      done = true;
    };
    this.live++;
    this.maxLive = Math.max(this.maxLive, this.live);
    const cancel = super.at(tick, () => (finish(), fire()), priority);
    return () => (finish(), cancel());
  }
}

const NAMES: Record<number, string> = { 0xf8: "clock", 0xfa: "start", 0xfb: "continue", 0xfc: "stop" };

function setup(options: MidiClockOutOptions = {}, bpm = 120) {
  const tl = new CountingTimeline(bpm);
  const sent: Array<{ tick: number; bytes: number[] }> = [];
  const clock = new MidiClockOut(tl, (tick, bytes) => sent.push({ tick, bytes }), options);
  /** Transport messages (not pulses) as "tick name". */
  const transport = (): string[] =>
    sent.filter((s) => s.bytes[0] !== 0xf8).map((s) => `${s.tick} ${NAMES[s.bytes[0]!] ?? s.bytes.map((b) => b.toString(16)).join(" ")}`);
  const pulses = (): number[] => sent.filter((s) => s.bytes[0] === 0xf8).map((s) => s.tick);
  return { tl, clock, sent, transport, pulses };
}

const range = (from: number, to: number, step = PULSE_TICKS): number[] => Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);

describe("MidiClockOut", () => {
  it("pulses every 40 ticks exactly across tempo changes, on and off the pulse grid", async () => {
    const { tl, clock, sent, pulses } = setup();
    // The performer's tempo changes (not counted as the clock's timers).
    const control = (tick: number, fn: () => void): Cancel => Timeline.prototype.at.call(tl, tick, fn, CONTROL_PRIORITY);
    control(1920, () => tl.tempo.setTempo(tl.now, 90));
    control(2890, () => tl.tempo.setTempo(tl.now, 141.5)); // between two pulses
    expect(clock.start(0)).toBe(0);
    for (const end of [1000, 1920, 1921, 2890, 5000, 7680]) await tl.runUntil(end); // windows of any size
    expect(sent.slice(0, 2)).toEqual([
      { tick: 0, bytes: [0xfa] },
      { tick: 0, bytes: [0xf8] },
    ]);
    expect(pulses()).toEqual(range(0, 7680)); // 8 beats × 24, none lost or doubled at a window edge
    // Each pulse is at its tick's time under the tempo map: 24 per beat at whatever tempo holds.
    const secs = pulses().map((t) => tl.tempo.toSeconds(t));
    const gap = (i: number): number => secs[i + 1]! - secs[i]!;
    expect(gap(0)).toBeCloseTo(60 / 120 / 24, 12);
    expect(gap(47)).toBeCloseTo(60 / 120 / 24, 12); // 1880→1920: 90 starts at 1920
    expect(gap(48)).toBeCloseTo(60 / 90 / 24, 12);
    expect(gap(72)).toBeCloseTo(10 / (90 * 16) + 30 / (141.5 * 16), 12); // 2880→2920 straddles the change at 2890
    expect(gap(100)).toBeCloseTo(60 / 141.5 / 24, 12);
    expect(tl.maxLive).toBe(1); // never more than the next pulse scheduled
  });

  it("sends Song Position Pointer then Continue when starting away from 0", async () => {
    const { tl, clock, sent } = setup();
    expect(clock.start(3840)).toBe(3840); // bar 2 of 4/4 = 16 sixteenths
    await tl.runUntil(3841);
    expect(sent).toEqual([
      { tick: 3840, bytes: [0xf2, 16, 0] },
      { tick: 3840, bytes: [0xfb] },
      { tick: 3840, bytes: [0xf8] },
    ]);
    clock.dispose();
    const b = setup();
    expect(b.clock.start(1000)).toBe(1200); // moved up to the next 16th note
    await b.tl.runUntil(1300);
    expect(b.transport()).toEqual(["1200 f2 5 0", "1200 continue"]);
    expect(b.pulses()).toEqual([1200, 1240, 1280]);
    const c = setup({ positionMessage: "start" });
    expect(c.clock.start(48_000 - 20, 200 * 240)).toBe(48_000); // position given: starts on the next pulse
    await c.tl.runUntil(48_001);
    expect(c.sent).toEqual([
      { tick: 48_000, bytes: [0xf2, 0x48, 1] }, // 200 sixteenths = 0x48 + 1·128, LSB first
      { tick: 48_000, bytes: [0xfa] },
      { tick: 48_000, bytes: [0xf8] },
    ]);
  });

  it("stops, continues on the next pulse, and ignores continue while running", async () => {
    const { tl, clock, transport, pulses } = setup();
    clock.start(0);
    expect(clock.running).toBe(true);
    expect(clock.stop(1000)).toBe(1000);
    expect(clock.running).toBe(false);
    expect(clock.continue(1500)).toBe(1520);
    expect(clock.continue(1600)).toBeUndefined();
    clock.stop(2000);
    await tl.runUntil(3000);
    expect(transport()).toEqual(["0 start", "1000 stop", "1520 continue", "2000 stop"]);
    expect(pulses()).toEqual([...range(0, 1000), ...range(1520, 2000)]);
    expect(tl.live).toBe(0); // stopped: nothing left scheduled
  });

  it("a stop on a pulse tick cuts that pulse; a later command rewrites pending ones", async () => {
    const { tl, clock, transport, pulses } = setup();
    clock.start(0);
    clock.stop(960);
    clock.start(2000); // after the stop: kept
    clock.stop(4000);
    clock.stop(3000); // rewrites the stop at 4000
    await tl.runUntil(5000);
    expect(transport()).toEqual(["0 start", "960 stop", "2160 f2 9 0", "2160 continue", "3000 stop"]);
    expect(pulses()).toEqual([...range(0, 960), ...range(2160, 3000)]);
  });

  it("a stop asked after the pulse of its tick was scheduled still cuts that pulse", async () => {
    const { tl, clock, sent } = setup();
    clock.start(0);
    await tl.runUntil(930); // the pulse at 960 is now scheduled
    clock.stop(960);
    await tl.runUntil(2000);
    expect(sent.slice(-2)).toEqual([
      { tick: 920, bytes: [0xf8] },
      { tick: 960, bytes: [0xfc] },
    ]);
  });

  it("a start asked at a tick whose pulse already went out moves to the next pulse (then 16th)", async () => {
    const { tl, clock, sent } = setup({ clockWhileStopped: true });
    let started: number | undefined;
    tl.at(480, () => (started = clock.start()), 1); // after the pulse at 480 fired
    await tl.runUntil(1000);
    expect(started).toBe(720);
    const i = sent.findIndex((x) => x.bytes[0] === 0xfb);
    expect(sent.slice(i - 2, i + 2)).toEqual([
      { tick: 680, bytes: [0xf8] },
      { tick: 720, bytes: [0xf2, 3, 0] },
      { tick: 720, bytes: [0xfb] },
      { tick: 720, bytes: [0xf8] },
    ]);
  });

  it("relocates when started while running: Stop, then the new position", async () => {
    const { tl, clock, transport, pulses } = setup();
    clock.start(0);
    await tl.runUntil(500);
    clock.start(undefined, 0); // from now, back to song position 0
    await tl.runUntil(700);
    expect(transport()).toEqual(["0 start", "520 stop", "520 start"]);
    expect(pulses()).toEqual(range(0, 700));
  });

  it("with clockWhileStopped pulses all along, never doubling a pulse around Start", async () => {
    const { tl, clock, sent, transport, pulses } = setup({ clockWhileStopped: true });
    await tl.runUntil(480);
    clock.start(); // now = 480, whose pulse is not sent yet: Start goes right before it
    clock.stop(1440);
    await tl.runUntil(2000);
    expect(transport()).toEqual(["480 f2 2 0", "480 continue", "1440 stop"]);
    expect(pulses()).toEqual(range(0, 2000));
    const at = (tick: number): string[] => sent.filter((x) => x.tick === tick).map((x) => NAMES[x.bytes[0]!] ?? "spp");
    expect(at(480)).toEqual(["spp", "continue", "clock"]); // the pulse the receiver starts on comes after Continue
    expect(at(1440)).toEqual(["stop", "clock"]);
    clock.dispose(true);
    expect(tl.live).toBe(0);
  });

  it("disposes: cancels every timer, sends Stop if asked and running, and refuses commands after", async () => {
    const { tl, clock, sent, transport } = setup();
    clock.start(0);
    await tl.runUntil(100);
    clock.stop(5000);
    clock.dispose(true);
    expect(tl.live).toBe(0);
    const n = sent.length;
    await tl.runUntil(10_000);
    expect(sent.length).toBe(n);
    expect(transport()).toEqual(["0 start", "100 stop"]);
    expect(() => clock.start()).toThrow("disposed");
  });

  it("refuses positions it cannot send, with the reason", () => {
    const { clock } = setup();
    expect(() => clock.start(0, 100)).toThrow("must be a whole number of 16th notes (240 ticks) from 0 to 16383");
    expect(() => clock.start(16384 * 240)).toThrow(RangeError);
    expect(() => clock.start(Number.NaN)).toThrow("tick must be a finite number");
    expect(clock.running).toBe(false);
  });
});
