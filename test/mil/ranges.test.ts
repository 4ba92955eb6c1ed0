/** Ranges, overlaps, the written file, determinism and the pianist's separate stream. */
import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/core/time.ts";
import { readSmf, writeSmf } from "../../src/midi/smf.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { pieceToSong } from "../../src/mil/to-song.ts";
import { corpus } from "./pieces.ts";

describe("ranges and hygiene", () => {
  it("pitches 21–108, velocities 1–127, no negative or unsorted times, no overlapping notes on one pitch", () => {
    // Violations are collected and asserted once: hundreds of thousands of expect() calls are slow.
    const bad: string[] = [];
    for (const p of corpus()) {
      const at = `${p.archetype} ${p.mode} seed ${p.seed}`;
      let prevTime = -Infinity;
      for (const n of p.notes) {
        if (n.pitch < 21 || n.pitch > 108) bad.push(`${at}: pitch ${n.pitch}`);
        if (!Number.isInteger(n.velocity) || n.velocity < 1 || n.velocity > 127) bad.push(`${at}: velocity ${n.velocity}`);
        if (n.timeSeconds < 0 || n.timeSeconds < prevTime) bad.push(`${at}: time ${n.timeSeconds} after ${prevTime}`);
        if (!(n.durationBeats > 0) || !(n.durationSeconds > 0)) bad.push(`${at}: empty note`);
        if (n.voice === "melody" && (n.pitch < 44 || n.pitch > 99)) bad.push(`${at}: melody out of register ${n.pitch}`);
        prevTime = n.timeSeconds;
      }
      const endOf = new Map<number, number>();
      for (const n of [...p.notes].sort((a, b) => a.playedBeat - b.playedBeat)) {
        const end = endOf.get(n.pitch);
        if (end !== undefined && n.playedBeat < end - 1e-9) bad.push(`${at}: pitch ${n.pitch} overlaps at beat ${n.playedBeat}`);
        endOf.set(n.pitch, n.playedBeat + n.durationBeats);
      }
    }
    expect(bad).toEqual([]);
  });

  it("the written file: every note-on has its note-off, nothing is lost, pedal, metre, key and tempo are there", () => {
    for (const p of corpus().filter((_, i) => i % 5 === 0)) {
      const song = readSmf(writeSmf(pieceToSong(p)));
      expect(song.danglingNoteOns).toBe(0);
      const notes = song.tracks.flatMap((t) => t.notes);
      expect(notes.length).toBe(p.notes.length);
      for (const n of notes) expect(n.endTick).toBeGreaterThan(n.tick);
      expect(song.tracks.map((t) => t.name)).toEqual(["magicbus", "melody", "accompaniment", "bass"]);
      const pedal = song.tracks.flatMap((t) => t.controls ?? []).filter((c) => c.controller === 64);
      expect(pedal.length).toBe(p.pedal.length);
      expect(pedal.length).toBeGreaterThan(0);
      const [num, den] = p.timeSignature.split("/").map(Number);
      expect(song.timeSignatures).toEqual([{ tick: 0, numerator: num, denominator: den }]);
      expect(song.keySignatures![0]!.minor).toBe(p.mode === "minor");
      expect(song.tempos.length).toBeGreaterThan(10); // the rubato is in the tempo map
    }
  });

  it("the file holds the Piece's times exactly: each note at its played beat in ticks, the rubato as the Piece's tempo map", () => {
    const p = compose({ bars: 16, archetype: "Nocturne", pianist: "Cortot", seed: 7 });
    const song = readSmf(writeSmf(pieceToSong(p)));
    const tick = (beat: number) => Math.max(0, Math.round(beat * PPQ));
    // A tempo is written as whole microseconds per quarter note: the one rounding a MIDI file makes.
    expect(song.tempos).toEqual(p.tempoMap.map((t) => ({ tick: tick(t.beat), bpm: 60_000_000 / Math.round(60_000_000 / t.bpm) })));
    expect(song.tempos.length).toBeGreaterThan(100);
    const inFile = song.tracks.flatMap((t) => t.notes.map((n) => [n.tick, n.endTick, n.pitch]));
    const inPiece = p.notes.map((n) => [tick(n.playedBeat), Math.max(tick(n.playedBeat) + 1, tick(n.playedBeat + n.durationBeats)), n.pitch]);
    const order = (a: number[], b: number[]) => a[0]! - b[0]! || a[2]! - b[2]! || a[1]! - b[1]!;
    expect(inFile.sort(order)).toEqual(inPiece.sort(order));
  });

  it("the Piece's seconds are its tempo map's, at each note's played beat", () => {
    const p = compose({ bars: 16, archetype: "Nocturne", pianist: "Cortot", seed: 7 });
    const map = p.tempoMap;
    const seconds = (beat: number) => {
      let t = 0;
      for (let i = 0; i < map.length && map[i]!.beat < beat; i++) {
        const to = Math.min(beat, map[i + 1]?.beat ?? Infinity);
        t += ((to - map[i]!.beat) * 60) / map[i]!.bpm;
      }
      return t;
    };
    for (const n of p.notes) expect(n.timeSeconds).toBeCloseTo(seconds(n.playedBeat), 9);
  });
});

describe("determinism and the pianist's stream", () => {
  it("the same options give the same bytes; another seed gives other music", () => {
    for (const archetype of ["Nocturne", "Toccata", "Fantasia", "Random"]) {
      const a = writeSmf(pieceToSong(compose({ bars: 24, archetype, seed: "x1" })));
      const b = writeSmf(pieceToSong(compose({ bars: 24, archetype, seed: "x1" })));
      const c = writeSmf(pieceToSong(compose({ bars: 24, archetype, seed: "x2" })));
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    }
  });

  it("another pianist plays the same written notes differently (Theorem 6)", () => {
    const totals = { gould: { orn: 0, pedal: 0, spread: 0 }, liszt: { orn: 0, pedal: 0, spread: 0 } };
    for (const seed of [1, 2, 3, 4]) {
      const g = compose({ bars: 32, archetype: "Ballade", pianist: "Glenn Gould", seed });
      const l = compose({ bars: 32, archetype: "Ballade", pianist: "Liszt", seed });
      const written = (p: typeof g) => p.notes.filter((n) => !n.ornament).map((n) => `${n.beat.toFixed(4)}:${n.pitch}:${n.voice}`);
      const gw = written(g);
      const lw = new Set(written(l));
      // ornaments may displace an accompaniment note of the same pitch; everything else is the same score
      expect(gw.filter((x) => lw.has(x)).length / gw.length).toBeGreaterThan(0.97);
      const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
      for (const [k, p] of [["gould", g], ["liszt", l]] as const) {
        totals[k].orn += p.notes.filter((n) => n.ornament).length;
        totals[k].pedal += p.pedal.length;
        totals[k].spread += spread(p.notes.map((n) => n.velocity));
      }
      expect(g.durationSeconds).not.toBe(l.durationSeconds);
    }
    expect(totals.liszt.orn).toBeGreaterThan(totals.gould.orn);
    expect(totals.liszt.pedal).toBeGreaterThan(totals.gould.pedal);
    expect(totals.liszt.spread).toBeGreaterThan(totals.gould.spread);
  });
});
