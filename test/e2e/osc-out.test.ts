/**
 * The real daemon with `--osc-out superdirt:…` to a fake SuperDirt on 127.0.0.1: the handshake is
 * answered, each note arrives as a `/dirt/play` bundle with SuperDirt's fields, and the timetags
 * keep the music's time: every two bundles are as far apart as their cycles say, to 0.1 ms.
 * The same notes are in the recording, and `.latency` moves the timetags.
 */
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { timetagToUnixMs } from "../../src/output/osc/timetag.ts";
import { FakeSuperDirt } from "../output/osc/fake-superdirt.ts";
import { makeHome, startDaemon } from "./launcher.ts";

const drums = `export default patch(() => {
  euclid("e", { steps: 8, pulses: 8, trigger: "hit" });
  arp("kick", { trigger: "hit", scale: "chromatic", degrees: [0], root: 36, channel: 9, gate: 0.25 });
  arp("keys", { trigger: "hit", scale: "major", root: 64, degrees: [0, 2], gate: 0.5 });
  // a drum word SuperDirt knows, with its sample: it must cross the engine and output threads
  pattern("beat", "~ sn:2");
});
`;

describe("--osc-out superdirt", () => {
  it("sends every note as a timestamped /dirt/play bundle; timetags keep the music's time; .latency moves them", async () => {
    const dirt = await FakeSuperDirt.start();
    const { home } = makeHome("osc", { "a.ts": drums });
    const d = startDaemon(home, ["--bpm", "150", "--seed", "1", "--no-socket", "--no-journal", "--osc-out", `superdirt:127.0.0.1:${dirt.port}`, "--latency", "60"]);
    try {
      await d.waitFor(/OSC → SuperDirt at 127\.0\.0\.1:\d+, latency 60 ms/);
      await d.waitFor(/SuperDirt answered the handshake/);
      await d.waitFor(/a\.ts: \+e \+kick \+keys \+beat/);
      await new Promise((r) => setTimeout(r, 1500));
      d.send(".latency 20");
      await d.waitFor(/latency gliding to 20 ms/);
      await new Promise((r) => setTimeout(r, 2500));
      d.send(".quit");
      expect(await d.exited).toBe(0);
      expect(d.out).toMatch(/SuperDirt at 127\.0\.0\.1:\d+: \d+ bundles sent, handshake answered; calendar clock drift/);
    } finally {
      d.kill();
      await dirt.close();
    }
    const plays = dirt.bundles().map((b) => {
      const m = b.messages[0]!;
      expect(m.address).toBe("/dirt/play");
      const f: Record<string, { type: string; value?: unknown }> = {};
      for (let i = 0; i + 1 < m.args.length; i += 2) f[m.args[i]!.value as string] = m.args[i + 1]!;
      return { at: b.at, sounds: timetagToUnixMs(b.timetag), f };
    });
    expect(plays.length).toBeGreaterThan(40); // 8 hits a bar at 150 bpm, two voices, ~4 s
    for (const p of plays) {
      expect(Object.keys(p.f).slice(0, 10)).toEqual(["s", "n", "note", "orbit", "cps", "cycle", "delta", "gain", "legato", "velocity"]);
      expect(p.f.s!.type).toBe("string");
      expect(p.f.orbit!.type).toBe("integer");
      for (const k of ["n", "note", "cps", "cycle", "delta", "gain", "legato"]) expect(p.f[k]!.type, k).toBe("float");
      expect(p.f.cps!.value).toBeCloseTo(150 / 60 / 4, 6);
    }
    expect(new Set(plays.map((p) => p.f.s!.value))).toEqual(new Set(["bd", "superpiano", "sn"]));
    expect(new Set(plays.filter((p) => p.f.s!.value === "sn").map((p) => p.f.n!.value))).toEqual(new Set([2]));
    expect(plays.find((p) => p.f.s!.value === "superpiano")!.f.note!.value).toBeOneOf([4, 7]); // E or G above middle C
    expect(plays.find((p) => p.f.s!.value === "bd")!.f.delta!.value).toBeCloseTo((0.25 * 60) / 150, 5);

    // Before .latency: the timetags are exactly as far apart as the music (cycles / cps), to 0.1 ms.
    const first = plays[0]!;
    const secondsPerCycle = 1 / (150 / 60 / 4);
    const early = plays.filter((p) => p.at < first.at + 1200);
    for (const p of early) {
      const musical = ((p.f.cycle!.value as number) - (first.f.cycle!.value as number)) * secondsPerCycle * 1000;
      expect(Math.abs(p.sounds - first.sounds - musical), `cycle ${String(p.f.cycle!.value)}`).toBeLessThan(0.1);
    }
    // After it (and its glide: 40 ms at 0.05 ms per ms takes 0.8 s), the timetags are 40 ms earlier than the grid.
    const last = plays[plays.length - 1]!;
    const grid = first.sounds + ((last.f.cycle!.value as number) - (first.f.cycle!.value as number)) * secondsPerCycle * 1000;
    expect(last.sounds - grid).toBeCloseTo(-40, 0);
    rmSync(home, { recursive: true, force: true });
  }, 30_000);
});
