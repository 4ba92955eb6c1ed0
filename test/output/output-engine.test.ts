/** The output thread's logic on a hand-driven clock: nothing here waits or depends on real time. */
import { describe, expect, it } from "vitest";
import { OutputEngine } from "../../src/output/output-engine.ts";
import { FakePort } from "../../src/output/ports/fake-port.ts";

function setup(o: { latencyMs?: number; watchdogMs?: number; glideRate?: number } = {}) {
  let now = 0;
  const port = new FakePort("fake", () => now);
  const problems: string[] = [];
  const engine = new OutputEngine({
    port,
    latencyMs: o.latencyMs ?? 10,
    watchdogMs: o.watchdogMs ?? 0,
    ...(o.glideRate !== undefined ? { glideRate: o.glideRate } : {}),
    report: (m) => problems.push(m),
  });
  /** Advance the clock to `t`, sending what is due on the way, one ms at a time. */
  const runTo = (t: number) => {
    for (; now <= t; now++) engine.runDue(now, () => now);
    now = t;
  };
  const log = () => port.sent.map((m) => `${m.time} ${m.bytes.join(" ")}`);
  return { engine, port, problems, runTo, log, at: () => now };
}

describe("OutputEngine", () => {
  it("sends each message at its stamp plus the latency, in stamp order whatever the arrival order", () => {
    const { engine, runTo, log } = setup({ latencyMs: 10 });
    engine.enqueue(30, [[0x90, 62, 1]], 0);
    engine.enqueue(20, [[0x90, 60, 1]], 0);
    engine.enqueue(20, [[0x90, 61, 1]], 0); // same stamp: arrival order
    expect(engine.nextDue()).toBe(30);
    runTo(29);
    expect(log()).toEqual([]);
    runTo(50);
    expect(log()).toEqual(["30 144 60 1", "30 144 61 1", "40 144 62 1"]);
  });

  it("counts a message that arrives after its send time, and sends it at once", () => {
    const { engine, runTo, log } = setup({ latencyMs: 10 });
    runTo(25);
    engine.enqueue(10, [[0x90, 60, 1]], 25); // due at 20, arrived at 25
    engine.runDue(25);
    expect(log()).toEqual(["25 144 60 1"]);
    const s = engine.stats(25);
    expect(s.lateArrivals).toBe(1);
    expect(s.maxArrivalMs).toBe(15);
  });

  it("keeps a ledger: panic drops what is pending and releases exactly what sounds, then CC 123 everywhere", () => {
    const { engine, runTo, log, port } = setup({ latencyMs: 0 });
    engine.enqueue(1, [[0x90, 60, 1], [0x93, 64, 1], [0x90, 67, 1]], 0);
    engine.enqueue(2, [[0x80, 67, 0]], 0);
    engine.enqueue(50, [[0x90, 72, 1]], 0);
    runTo(10);
    expect(engine.stats(10).sounding).toBe(2);
    port.clear();
    expect(engine.panic()).toBe(2);
    expect(log()).toEqual(["10 128 60 0", "10 131 64 0", ...Array.from({ length: 16 }, (_, ch) => `10 ${0xb0 + ch} 123 0`)]);
    runTo(100);
    expect(port.sent).toHaveLength(18); // the pending note-on at 50 was dropped
    expect(engine.stats(100).sounding).toBe(0);
  });

  it("close releases the sounding notes (note-offs only) and drops what is pending", () => {
    const { engine, runTo, log, port } = setup({ latencyMs: 0 });
    engine.enqueue(1, [[0x90, 60, 1], [0x91, 62, 1]], 0);
    engine.enqueue(99, [[0x90, 70, 1]], 0);
    runTo(5);
    port.clear();
    engine.close();
    expect(log()).toEqual(["5 128 60 0", "5 129 62 0"]);
    expect(engine.pending).toBe(0);
  });

  describe("watchdog", () => {
    it("silences every sounding note when the main thread stops beating, holds note-ons, resumes when it beats", () => {
      const { engine, runTo, log, port, problems } = setup({ latencyMs: 0, watchdogMs: 100 });
      engine.beat(0);
      engine.enqueue(10, [[0x90, 60, 1]], 0);
      engine.enqueue(150, [[0x90, 62, 1]], 0);
      engine.enqueue(160, [[0x80, 60, 0]], 0);
      runTo(100);
      expect(engine.checkWatchdog(100)).toBe(false); // exactly the limit: not yet
      expect(engine.checkWatchdog(101)).toBe(true);
      expect(log().slice(1, 3)).toEqual(["100 128 60 0", "100 176 123 0"]);
      expect(problems[0]).toMatch(/main thread silent for 101 ms \(watchdog 100 ms\): all notes off \(1 released\)/);
      expect(engine.checkWatchdog(120)).toBe(false); // trips once per stall
      port.clear();
      runTo(170);
      expect(log()).toEqual(["160 128 60 0"]); // the note-on at 150 was held back; the note-off is harmless
      const s = engine.stats(170);
      expect([s.stalled, s.watchdogTrips, s.droppedNoteOns, s.sounding]).toEqual([true, 1, 1, 0]);
      engine.beat(170);
      expect(problems[1]).toMatch(/main thread is back; output resumed \(1 note-ons dropped/);
      engine.enqueue(180, [[0x90, 64, 1]], 170);
      runTo(200);
      expect(log()).toEqual(["160 128 60 0", "180 144 64 1"]);
      expect(engine.stats(200).stalled).toBe(false);
    });

    it("does nothing before the first beat, or when disabled", () => {
      const a = setup({ watchdogMs: 100 });
      expect(a.engine.checkWatchdog(10_000)).toBe(false);
      const b = setup({ watchdogMs: 0 });
      b.engine.beat(0);
      expect(b.engine.checkWatchdog(10_000)).toBe(false);
    });
  });

  describe("latency changes", () => {
    it("glide: every message keeps its order and nothing jumps, shrinking or growing", () => {
      const { engine, runTo, port } = setup({ latencyMs: 40, glideRate: 0.1 });
      for (let t = 0; t < 1000; t += 5) engine.enqueue(t, [[0x90, 60 + ((t / 5) % 40), 1]], 0);
      runTo(100);
      engine.setLatency(100, 0);
      runTo(500);
      engine.setLatency(500, 80);
      runTo(2000);
      const times = port.sent.map((m) => m.time);
      const pitches = port.sent.map((m) => m.bytes[1]);
      expect(pitches).toEqual(Array.from({ length: 200 }, (_, i) => 60 + (i % 40)));
      for (let i = 1; i < times.length; i++) {
        expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
        expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(5 * 1.1 + 1); // 5 ms apart ± the glide (+1 ms clock step)
      }
      expect(times[0]).toBe(40);
      expect(times[199]).toBe(1045); // stamp 995 + latency 49.5: still gliding from 0 (at 500) towards 80
    });
  });

  describe("port errors", () => {
    it("reports a failing port once per distinct failure and keeps going", () => {
      const { engine, runTo, port, problems } = setup({ latencyMs: 0 });
      port.lost = "unplugged";
      for (let t = 1; t <= 3; t++) engine.enqueue(t, [[0x90, 60, 1]], 0);
      runTo(3);
      expect(problems).toEqual(["output: fake: unplugged"]);
      expect(engine.stats(3).portErrors).toBe(3);
      port.lost = undefined;
      engine.enqueue(4, [[0x90, 61, 1]], 3);
      runTo(4);
      expect(port.sent.map((m) => m.bytes[1])).toEqual([61]);
    });
  });
});
