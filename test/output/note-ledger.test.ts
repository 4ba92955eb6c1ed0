import { describe, expect, it } from "vitest";
import { allNotesOff, NoteLedger } from "../../src/output/note-ledger.ts";

describe("NoteLedger", () => {
  it("holds what sounds: note-on adds, note-off and note-on velocity 0 remove", () => {
    const l = new NoteLedger();
    l.observe([0x90, 60, 100]);
    l.observe([0x91, 60, 100]);
    l.observe([0x90, 64, 100]);
    l.observe([0x80, 60, 0]);
    l.observe([0x90, 64, 0]);
    expect(l.notes()).toEqual([[1, 60]]);
  });

  it("ignores what is not a note", () => {
    const l = new NoteLedger();
    l.observe([0xb0, 7, 100]);
    l.observe([0xc0, 3]);
    l.observe([0xf8]);
    expect(l.size).toBe(0);
  });

  it("All Notes Off / All Sound Off forget that channel only", () => {
    const l = new NoteLedger();
    l.observe([0x90, 60, 1]);
    l.observe([0x92, 62, 1]);
    l.observe([0xb0, 123, 0]);
    expect(l.notes()).toEqual([[2, 62]]);
    l.observe([0xb2, 120, 0]);
    expect(l.size).toBe(0);
  });

  it("releaseAll gives a note-off for every sounding note and empties the ledger", () => {
    const l = new NoteLedger();
    l.observe([0x95, 72, 1]);
    l.observe([0x90, 48, 1]);
    expect(l.releaseAll()).toEqual([[0x80, 48, 0], [0x85, 72, 0]]);
    expect(l.size).toBe(0);
  });

  it("allNotesOff is CC 123 on all 16 channels", () => {
    const m = allNotesOff();
    expect(m).toHaveLength(16);
    expect(m[0]).toEqual([0xb0, 123, 0]);
    expect(m[15]).toEqual([0xbf, 123, 0]);
  });
});
