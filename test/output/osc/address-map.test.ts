import { describe, expect, it } from "vitest";
import { fromBuffer, toBuffer } from "osc-min";
import { dirtPlay, genericControl, genericNote } from "../../../src/output/osc/address-map.ts";
import type { SoundNote } from "../../../src/output/osc/sound-note.ts";
import { parseOscTarget } from "../../../src/output/osc/osc-target.ts";

const note = (o: Partial<SoundNote> = {}): SoundNote => ({
  pitch: 64, velocity: 0.8, channel: 0, gateBeats: 0.5, durationS: 0.25, cycle: 2.5, beat: 10, bpm: 120, cps: 0.5, source: "arp", meta: {}, ...o,
});

/** The message as a receiver decodes it: name → [OSC type, value]. */
function decoded(m: ReturnType<typeof dirtPlay>): { address: string; fields: Record<string, [string, unknown]>; args: Array<[string, unknown]> } {
  const packet = fromBuffer(toBuffer(m));
  if (packet.oscType !== "message") throw new Error("not a message");
  const args = packet.args.map((a) => [a.type, "value" in a ? a.value : undefined] as [string, unknown]);
  const fields: Record<string, [string, unknown]> = {};
  for (let i = 0; i + 1 < args.length; i += 2) fields[args[i]![1] as string] = args[i + 1]!;
  return { address: packet.address, fields, args };
}

describe("/dirt/play", () => {
  it("carries s, n, note, orbit, cps, cycle, delta, gain, legato with SuperDirt's types", () => {
    const { address, fields } = decoded(dirtPlay(note()));
    expect(address).toBe("/dirt/play");
    expect(fields.s).toEqual(["string", "superpiano"]);
    expect(fields.n).toEqual(["float", 0]);
    expect(fields.note).toEqual(["float", 4]); // E above middle C
    expect(fields.orbit).toEqual(["integer", 0]);
    expect(fields.cps).toEqual(["float", 0.5]);
    expect(fields.cycle).toEqual(["float", 2.5]);
    expect(fields.delta).toEqual(["float", 0.25]);
    expect(fields.gain).toEqual(["float", 1]);
    expect(fields.legato).toEqual(["float", 1]);
    expect(fields.velocity![0]).toBe("float");
    expect(fields.velocity![1]).toBeCloseTo(0.8, 6);
  });

  it("a drum on channel 10 plays the sample of its name; a note's own s, n, orbit and extra fields win", () => {
    expect(decoded(dirtPlay(note({ channel: 9, pitch: 38 }))).fields.s).toEqual(["string", "sd"]);
    expect(decoded(dirtPlay(note({ channel: 9, pitch: 36 }))).fields.note).toEqual(["float", 0]);
    const { fields } = decoded(dirtPlay(note({ meta: { s: "bass1", n: 3, orbit: 2, room: 0.3, vowel: "a", node: "arp", list: [1, 2] } })));
    expect(fields.s).toEqual(["string", "bass1"]);
    expect(fields.n).toEqual(["float", 3]);
    expect(fields.orbit).toEqual(["integer", 2]);
    expect(fields.room![0]).toBe("float");
    expect(fields.room![1]).toBeCloseTo(0.3, 6);
    expect(fields.vowel).toEqual(["string", "a"]);
    expect(fields.node).toBeUndefined(); // the bus's own bookkeeping is not a sound parameter
    expect(fields.list).toBeUndefined(); // no OSC type for a list: left out, not sent as garbage
  });
});

describe("the generic map", () => {
  it("/magicbus/note: node, channel, pitch, velocity, duration, beat, bpm, then extra fields", () => {
    const { address, args } = decoded(genericNote(note({ meta: { s: "x" } })));
    expect(address).toBe("/magicbus/note");
    expect(args.slice(0, 3)).toEqual([["string", "arp"], ["integer", 0], ["integer", 64]]);
    expect(args.slice(3).map((a) => a[0])).toEqual(["float", "float", "float", "float", "string", "string"]);
    expect(args.slice(5, 7)).toEqual([["float", 10], ["float", 120]]);
    expect(args.slice(7)).toEqual([["string", "s"], ["string", "x"]]);
  });

  it("controls and programs; notes' bytes are not sent twice", () => {
    expect(decoded(genericControl([0xb2, 74, 100])!)).toMatchObject({ address: "/magicbus/control", args: [["integer", 2], ["integer", 74], ["integer", 100]] });
    expect(decoded(genericControl([0xc1, 5])!)).toMatchObject({ address: "/magicbus/program", args: [["integer", 1], ["integer", 5]] });
    expect(genericControl([0x90, 60, 100])).toBeUndefined();
  });
});

describe("--osc-out targets", () => {
  it.each([
    ["superdirt", { kind: "superdirt", host: "127.0.0.1", port: 57120 }],
    ["superdirt:57121", { kind: "superdirt", host: "127.0.0.1", port: 57121 }],
    ["superdirt:192.168.1.20:57120", { kind: "superdirt", host: "192.168.1.20", port: 57120 }],
    ["127.0.0.1:57110", { kind: "generic", host: "127.0.0.1", port: 57110 }],
    ["[::1]:9000", { kind: "generic", host: "::1", port: 9000 }],
  ])("%s", (spec, target) => expect(parseOscTarget(spec)).toEqual(target));

  it.each([
    ["9000", /needs a host and a port/],
    ["localhost:http", /port must be a number, got "http"/],
    ["localhost:70000", /from 1 to 65535, got 70000/],
    [":9000", /host is missing/],
  ])("%s is refused with what is valid", (spec, why) => {
    expect(() => parseOscTarget(spec)).toThrow(why);
    expect(() => parseOscTarget(spec)).toThrow(/give superdirt, superdirt:HOST:PORT/);
  });
});
