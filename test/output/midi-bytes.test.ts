import { describe, expect, it } from "vitest";
import { checkMessage, invalidMessage, MidiMessageError } from "../../src/output/midi-bytes.ts";

describe("invalidMessage", () => {
  it.each([
    [[0x90, 60, 100]],
    [[0x8f, 0, 0]],
    [[0xb0, 123, 0]],
    [[0xc3, 5]],
    [[0xd0, 127]],
    [[0xe0, 0, 64]],
    [[0xf2, 0, 8]],
    [[0xf8]],
    [[0xfa]],
  ])("accepts %j", (bytes) => {
    expect(invalidMessage(bytes)).toBeUndefined();
  });

  it.each([
    [[], "empty message"],
    [[60, 100], "first byte 60 (0x3c) is not a status byte"],
    [[0x90, 60, 200], "data byte 2 is 200, must be 0–127 (note on ch 1)"],
    [[0x9a, 128, 1], "data byte 1 is 128, must be 0–127 (note on ch 11)"],
    [[0x90, 60], "note on ch 1 takes 3 bytes, got 2"],
    [[0xc0, 1, 2], "program change ch 1 takes 2 bytes, got 3"],
    [[0xf8, 0], "clock takes 1 byte, got 2"],
    [[0xf0, 1, 2, 0xf7], "SysEx (0xf0) is not accepted"],
    [[0xf4], "status byte 0xf4 is undefined"],
    [[0x90, 60.5, 1], "byte 1 is 60.5, not an integer 0–255"],
    [[0x90, -1, 1], "byte 1 is -1"],
    [[256], "byte 0 is 256"],
  ])("rejects %j: %s", (bytes, why) => {
    expect(invalidMessage(bytes)).toContain(why);
  });

  it("rejects what is not an array", () => {
    expect(invalidMessage("90 3c 64")).toBe("a MIDI message must be an array of bytes, got string");
  });
});

describe("checkMessage", () => {
  it("returns a plain copy of a valid message", () => {
    const bytes = Uint8Array.of(0x90, 60, 100);
    expect(checkMessage(bytes)).toEqual([0x90, 60, 100]);
  });

  it("throws a MidiMessageError naming the problem and the context", () => {
    expect(() => checkMessage([0x90, 60, 200], "(message 2 of 3)")).toThrow(MidiMessageError);
    expect(() => checkMessage([0x90, 60, 200], "(message 2 of 3)")).toThrow(
      "invalid MIDI message (message 2 of 3): data byte 2 is 200, must be 0–127 (note on ch 1)",
    );
  });
});
