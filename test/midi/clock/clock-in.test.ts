import { describe, expect, it } from "vitest";
import { MidiClockFollower, type MidiClockFollowerOptions } from "../../../src/midi/clock/clock-in.ts";
import type { MidiMessage } from "../../../src/midi/input/messages.ts";

const F8: MidiMessage = { type: "clock", bytes: [0xf8] };

/** A seeded uniform source in [-1, 1), so every run feeds the same jitter. */
function jitterSource(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/**
 * Arrival times of `beats` beats of pulses whose true tempo at beat b is bpmAt(b), each delayed
 * or advanced by up to ±jitterMs, starting at `t0` ms.
 */
function pulseTimes(bpmAt: (beat: number) => number, beats: number, jitterMs: number, t0 = 1_000_000, seed = 1): { times: number[]; trueBpm: number[] } {
  const rand = jitterSource(seed);
  const times: number[] = [];
  const trueBpm: number[] = [];
  let t = t0;
  for (let i = 0; i < beats * 24; i++) {
    const bpm = bpmAt(i / 24);
    times.push(t + rand() * jitterMs);
    trueBpm.push(bpm);
    t += 60_000 / (bpm * 24);
  }
  return { times, trueBpm };
}

function follower(options: MidiClockFollowerOptions = {}) {
  const tempos: Array<{ bpm: number; atMs: number }> = [];
  const log: string[] = [];
  const f = new MidiClockFollower({
    onTempo: (bpm, atMs) => tempos.push({ bpm, atMs }),
    onLost: (atMs) => log.push(`lost ${atMs}`),
    onStart: (atMs) => log.push(`start ${atMs}`),
    onStop: (atMs) => log.push(`stop ${atMs}`),
    onContinue: (atMs) => log.push(`continue ${atMs}`),
    onSongPosition: (sixteenths, ticks, atMs) => log.push(`position ${sixteenths} = ${ticks} ticks ${atMs}`),
    ...options,
  });
  const feed = (times: readonly number[]): void => times.forEach((t) => f.handle(F8, t));
  return { f, tempos, log, feed };
}

describe("MidiClockFollower tempo", () => {
  it.each([120, 93.5, 60, 174])("finds %s bpm within 0.5 bpm through ±2 ms of jitter, and reports it only a few times", (bpm) => {
    const { f, tempos, feed } = follower();
    const { times } = pulseTimes(() => bpm, 16, 2, 1_000_000, bpm);
    feed(times.slice(0, 23));
    expect(tempos).toEqual([]); // not before a beat of pulses
    feed(times.slice(23));
    expect(Math.abs(f.bpm! - bpm)).toBeLessThan(0.5);
    expect(Math.abs(tempos.at(-1)!.bpm - bpm)).toBeLessThan(0.5);
    expect(Math.abs(tempos[0]!.bpm - bpm)).toBeLessThan(1.5); // the first estimate, from one beat, is already close
    expect(tempos.length).toBeLessThanOrEqual(6);
    expect(f.locked).toBe(true);
  });

  it("measures a steady clock to a few hundredths of a bpm once the window is full", () => {
    const { f, feed } = follower();
    feed(pulseTimes(() => 93.5, 8, 2).times);
    expect(Math.abs(f.bpm! - 93.5)).toBeLessThan(0.05);
  });

  it("is exact for a perfect clock", () => {
    const { f, tempos, feed } = follower();
    feed(pulseTimes(() => 120, 8, 0).times);
    expect(f.bpm).toBeCloseTo(120, 9);
    expect(tempos.map((t) => t.bpm)).toEqual([120]);
  });

  it("ignores outliers: late pulses and a timestamp that goes backwards", () => {
    const { f } = follower();
    const times = pulseTimes(() => 120, 12, 2).times;
    for (const i of [30, 31, 100, 170, 250]) times[i] = times[i]! + 20; // a hiccup of the sender or the OS
    times[200] = times[199]! - 5;
    let worst = 0;
    times.forEach((t, i) => {
      f.handle(F8, t);
      if (i >= 24) worst = Math.max(worst, Math.abs(f.bpm! - 120));
    });
    expect(worst).toBeLessThan(0.3); // after every pulse, not only at the end
  });

  it("follows a step from 120 to 93.5 bpm within two beats", () => {
    const { f, tempos, feed } = follower();
    const { times } = pulseTimes((b) => (b < 8 ? 120 : 93.5), 10, 2);
    feed(times);
    expect(Math.abs(f.bpm! - 93.5)).toBeLessThan(0.5);
    const changeMs = times[8 * 24]!;
    const settled = tempos.find((t) => t.atMs > changeMs && Math.abs(t.bpm - 93.5) < 0.5);
    expect(settled).toBeDefined();
    expect(settled!.atMs - changeMs).toBeLessThan((2 * 60_000) / 93.5);
  });

  it("follows a ramp from 100 to 140 bpm, lagging at most a few bpm, and settles on 140", () => {
    const { f, tempos, feed } = follower();
    const ramp = (b: number): number => (b < 2 ? 100 : b < 10 ? 100 + (b - 2) * 5 : 140);
    const { times, trueBpm } = pulseTimes(ramp, 16, 2);
    feed(times);
    const during = tempos.filter((t) => t.atMs > times[3 * 24]! && t.atMs < times[10 * 24]!);
    expect(during.length).toBeGreaterThan(8); // reported all along, not only at the end
    for (const t of during) {
      const i = times.indexOf(t.atMs);
      expect(Math.abs(t.bpm - trueBpm[i]!)).toBeLessThan(5); // ramping 5 bpm per beat: under a beat behind
    }
    const bpms = during.map((t) => t.bpm);
    expect(bpms.every((b, i) => i === 0 || b > bpms[i - 1]! - 0.5)).toBe(true); // it moves one way
    expect(Math.abs(f.bpm! - 140)).toBeLessThan(0.5);
  });
});

describe("MidiClockFollower lost clock and transport", () => {
  it("reports a lost clock once after 500 ms of silence, and the tempo again when the clock returns", () => {
    const { f, tempos, log, feed } = follower();
    const { times } = pulseTimes(() => 120, 4, 1);
    feed(times);
    const last = times.at(-1)!;
    f.poll(last + 400);
    f.handle({ type: "activeSensing", bytes: [0xfe] }, last + 500); // other messages are no clock
    expect(log).toEqual([]);
    f.poll(last + 501);
    f.poll(last + 900);
    expect(log).toEqual([`lost ${last + 501}`]);
    expect(f.locked).toBe(false);
    expect(f.bpm).toBeUndefined();
    const reports = tempos.length;
    feed(pulseTimes(() => 120, 2, 1, last + 5000).times);
    expect(tempos.length).toBeGreaterThan(reports); // found again: reported even though it is the same tempo
    expect(Math.abs(tempos[reports]!.bpm - 120)).toBeLessThan(1);
    expect(Math.abs(tempos.at(-1)!.bpm - 120)).toBeLessThan(0.5);
    expect(f.locked).toBe(true);
  });

  it("notices a loss from a late pulse even without poll, and never mixes the gap into the tempo", () => {
    const { f, log, feed } = follower();
    feed(pulseTimes(() => 120, 2, 0, 0).times);
    feed(pulseTimes(() => 90, 2, 0, 10_000).times);
    expect(log).toEqual(["lost 10000"]);
    expect(f.bpm).toBeCloseTo(90, 6);
  });

  it("reports Start, Song Position, Continue and Stop, and counts the song position in ticks", () => {
    const { f, log } = follower();
    const at = (type: "start" | "stop" | "continue", t: number): void => f.handle({ type, bytes: [0] }, t);
    at("start", 1);
    expect(f.running).toBe(true);
    for (let i = 0; i < 24; i++) f.handle(F8, 2 + i * 20);
    expect(f.positionTicks).toBe(23 * 40); // the first pulse after Start is position 0
    at("stop", 600);
    f.handle(F8, 602); // pulses while stopped do not move the position
    expect(f.positionTicks).toBe(23 * 40);
    f.handle({ type: "songPosition", sixteenths: 16, bytes: [0xf2, 16, 0] }, 700);
    at("continue", 800);
    f.handle(F8, 801);
    expect(f.positionTicks).toBe(3840);
    expect(log).toEqual(["start 1", "stop 600", "position 16 = 3840 ticks 700", "continue 800"]);
    expect(f.running).toBe(true);
  });
});
