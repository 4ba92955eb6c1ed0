import { describe, expect, it } from "vitest";
import { dirtSound, DRUM_NOTES, drumNote, midiNote, noteNumber, soundOf } from "../../src/pattern/values.ts";

describe("note names (middle C is c4 = 60, as everywhere in magicbus)", () => {
  it.each([
    ["c4", 60],
    ["c", 60],
    ["a", 69],
    ["a4", 69],
    ["eb", 63],
    ["ef", 63],
    ["g3", 55],
    ["c#5", 73],
    ["cs5", 73],
    ["bb2", 46],
    ["C-1", 0],
    ["g9", 127],
  ])("%s is %i", (name, midi) => {
    expect(noteNumber(name)).toBe(midi);
  });

  it.each(["h", "c10", "bd", "x4", ""])("%j is not a note", (name) => {
    expect(noteNumber(name)).toBeUndefined();
  });
});

describe("drum names (General MIDI percussion)", () => {
  it.each([
    ["bd", 36],
    ["sd", 38],
    ["sn", 38],
    ["hh", 42],
    ["oh", 46],
    ["cp", 39],
    ["rim", 37],
    ["lt", 45],
    ["mt", 47],
    ["ht", 50],
    ["cr", 49],
    ["rd", 51],
    ["cb", 56],
    ["bd:3", 36],
  ])("%s is %i", (name, midi) => {
    expect(drumNote(name)).toBe(midi);
  });

  it("every note in the table is in General MIDI's percussion range (35–81)", () => {
    for (const n of Object.values(DRUM_NOTES)) expect(n >= 35 && n <= 81).toBe(true);
  });

  it("a drum name wins over a note name for drums (cb is a cowbell), not for notes", () => {
    expect(midiNote("cb", "drum")).toBe(56);
    expect(midiNote("cb", "note")).toBe(59);
    expect(midiNote("e3", "drum")).toBe(52);
    expect(midiNote(64, "note")).toBe(64);
    expect(midiNote(1.5, "note")).toBeUndefined();
  });

  it.each([
    ["sn:2", { s: "sn", n: 2 }],
    ["sn", { s: "sn" }],
    ["bd:0", { s: "bd", n: 0 }],
    ["kick:3", { n: 3 }],
    ["kick", {}],
    ["oh", {}],
  ])("%s asks SuperDirt for %j", (word, sound) => {
    expect(dirtSound(word)).toEqual(sound);
  });

  it("bd:3 is sound bd, index 3", () => {
    expect(soundOf("bd:3")).toEqual({ sound: "bd", n: 3 });
    expect(soundOf("sd")).toEqual({ sound: "sd", n: 0 });
  });
});
