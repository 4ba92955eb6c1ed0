/**
 * The OSC output against a fake SuperDirt on 127.0.0.1: the handshake, the fields, and the
 * timetags — each bundle's timetag, in calendar time, is its stamp plus the latency (the MIDI port's
 * model). When a bundle arrives is not asserted here: the fake reads it when this process's event
 * loop gets to it, which on a loaded machine is tens of ms late (`npm run bench -- osc` measures it).
 */
import { afterEach, describe, expect, it } from "vitest";
import { nowMs } from "../../../src/output/clock.ts";
import { OscOut } from "../../../src/output/osc/osc-out.ts";
import type { SoundNote } from "../../../src/output/osc/sound-note.ts";
import { timetagToUnixMs } from "../../../src/output/osc/timetag.ts";
import { calendarOffsetByAverage, FakeSuperDirt } from "./fake-superdirt.ts";

const note = (pitch: number): SoundNote => ({ pitch, velocity: 0.7, channel: 0, gateBeats: 0.25, durationS: 0.125, cycle: 0, beat: 0, bpm: 120, cps: 0.5, meta: {} });
const until = async (ok: () => boolean, ms = 2000) => {
  for (const end = nowMs() + ms; !ok() && nowMs() < end; ) await new Promise((r) => setTimeout(r, 5));
};

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

describe("OSC output to SuperDirt (a fake one on 127.0.0.1)", () => {
  it("shakes hands: SuperDirt's reply is read (its port, its control buses)", async () => {
    const dirt = await FakeSuperDirt.start();
    open.push(dirt);
    let told = "";
    const osc = await OscOut.open({ kind: "superdirt", host: "127.0.0.1", port: dirt.port }, { latencyMs: 50, onHandshake: (h) => (told = JSON.stringify(h)) });
    open.push(osc);
    await until(() => osc.handshake !== undefined);
    expect(osc.handshake).toEqual({ serverHostname: "127.0.0.1", serverPort: dirt.port, controlBusIndices: [16, 17] });
    expect(told).toContain("controlBusIndices");
    expect(osc.describe()).toBe(`SuperDirt → 127.0.0.1:${dirt.port}`);
  });

  it("a receiver that never answers is told in the description; notes still go", async () => {
    const dirt = await FakeSuperDirt.start({ answer: false });
    open.push(dirt);
    const osc = await OscOut.open({ kind: "superdirt", host: "127.0.0.1", port: dirt.port }, { latencyMs: 50 });
    open.push(osc);
    osc.notes(nowMs(), [note(60)]);
    await until(() => dirt.bundles().length === 1);
    expect(dirt.bundles()).toHaveLength(1);
    expect(osc.describe()).toMatch(/no handshake yet: is SuperDirt running\?/);
  });

  it("every bundle's timetag is its stamp + the latency within 1 ms, in calendar time", async () => {
    const dirt = await FakeSuperDirt.start();
    open.push(dirt);
    const latencyMs = 40;
    const osc = await OscOut.open({ kind: "superdirt", host: "127.0.0.1", port: dirt.port }, { latencyMs });
    open.push(osc);
    const stamps: number[] = [];
    for (let i = 0; i < 40; i++) {
      const at = nowMs(); // sent now, for now: it must sound `latency` from now
      stamps.push(at);
      osc.notes(at, [note(60 + (i % 12))]);
      await new Promise((r) => setTimeout(r, 3));
    }
    await until(() => dirt.bundles().length === 40);
    const calendar = calendarOffsetByAverage();
    const bundles = dirt.bundles();
    expect(bundles).toHaveLength(40);
    bundles.forEach((b, i) => {
      const soundsAt = timetagToUnixMs(b.timetag) - calendar; // back on the output clock
      expect(Math.abs(soundsAt - stamps[i]! - latencyMs), `bundle ${i}`).toBeLessThanOrEqual(1);
      expect(b.messages[0]!.address).toBe("/dirt/play");
    });
  });

  it(".latency glides: timetags move to the new latency without going back in time", async () => {
    const dirt = await FakeSuperDirt.start();
    open.push(dirt);
    const osc = await OscOut.open({ kind: "generic", host: "127.0.0.1", port: dirt.port }, { latencyMs: 100 });
    open.push(osc);
    const t0 = nowMs();
    osc.setLatency(20);
    const at = [0, 200, 400, 800, 1600, 3200].map((d) => t0 + d);
    const sounds = at.map((t) => osc.soundsAt(t));
    for (let i = 1; i < sounds.length; i++) expect(sounds[i]!).toBeGreaterThan(sounds[i - 1]!);
    const offset = osc.stats().clockOffsetMs;
    expect(sounds[0]! - offset - at[0]!).toBeCloseTo(100, 0);
    expect(sounds[5]! - offset - at[5]!).toBeCloseTo(20, 0);
    expect(osc.latencyMs).toBe(20);
  });

  it("the generic map sends controls and programs, and no /dirt/handshake", async () => {
    const rx = await FakeSuperDirt.start({ answer: false });
    open.push(rx);
    const osc = await OscOut.open({ kind: "generic", host: "127.0.0.1", port: rx.port }, { latencyMs: 10 });
    open.push(osc);
    osc.send(nowMs(), [0xb0, 7, 90]);
    osc.send(nowMs(), [0x90, 60, 90]); // a note's bytes: notes go as whole notes, not twice
    osc.notes(nowMs(), [note(62)]);
    await until(() => rx.received.length >= 2);
    await new Promise((r) => setTimeout(r, 30));
    const addresses = rx.bundles().flatMap((b) => b.messages.map((m) => m.address));
    expect(addresses).toEqual(["/magicbus/control", "/magicbus/note"]);
    expect(rx.received.some((r) => r.packet.oscType === "message" && r.packet.address === "/dirt/handshake")).toBe(false);
  });
});
