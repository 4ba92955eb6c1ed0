import { describe, expect, it } from "vitest";
import { ControllerMap, ControllerMapError, scale } from "../../../src/midi/input/controller-map.ts";
import type { MidiMessage } from "../../../src/midi/input/messages.ts";

const cc = (controller: number, value: number, channel = 0): MidiMessage => ({ type: "cc", channel, controller, value, bytes: [0xb0 | channel, controller, value] });
const on = (note: number, velocity: number, channel = 0): MidiMessage => ({ type: "noteOn", channel, note, velocity, bytes: [0x90 | channel, note, velocity] });
const off = (note: number, channel = 0): MidiMessage => ({ type: "noteOff", channel, note, velocity: 0, bytes: [0x80 | channel, note, 0] });

function setup(validate?: (target: string, param: string, value: number) => string | void) {
  const cued: string[] = [];
  const map = new ControllerMap({ cue: (t, p, v) => cued.push(`${t}.${p}=${+v.toFixed(4)}`), validate });
  return { map, cued };
}

describe("ControllerMap scaling", () => {
  it.each<[string, Parameters<typeof scale>[0], number, number]>([
    ["linear at 0", { min: 0.05, max: 1, curve: "linear", integer: false }, 0, 0.05],
    ["linear at 127", { min: 0.05, max: 1, curve: "linear", integer: false }, 127, 1],
    ["linear at 64", { min: 0, max: 127, curve: "linear", integer: false }, 64, 64],
    ["linear inverted", { min: 1, max: 0, curve: "linear", integer: false }, 127, 0],
    ["exp at 0", { min: 0.05, max: 5, curve: "exp", integer: false }, 0, 0.05],
    ["exp at 63.5 is the geometric middle", { min: 0.05, max: 5, curve: "exp", integer: false }, 63.5, 0.5],
    ["exp at 127", { min: 0.05, max: 5, curve: "exp", integer: false }, 127, 5],
    ["integer rounds", { min: 1, max: 16, curve: "linear", integer: true }, 64, 9],
    ["integer exp", { min: 1, max: 64, curve: "exp", integer: true }, 127 / 2, 8],
  ])("%s", (_what, m, raw, expected) => {
    expect(scale(m, raw)).toBeCloseTo(expected, 12);
  });

  it("maps a CC onto a param, as the docs' example says", () => {
    const { map, cued } = setup();
    expect(map.map("cc:1", "arp.gate", { min: 0.05, max: 1 })).toBe("cc:1");
    expect(map.handle(cc(1, 64))).toEqual([{ target: "arp", param: "gate", value: 0.05 + (0.95 * 64) / 127 }]);
    expect(cued).toEqual(["arp.gate=0.5287"]);
  });
});

describe("ControllerMap sources", () => {
  it("filters by channel (1-based in the string and the options) and ignores other controllers", () => {
    const { map, cued } = setup();
    map.map("cc:74:ch2", "filter.cutoff", { min: 0, max: 127, integer: true });
    map.map("cc:7", "mix.level", { channel: 16 });
    map.handle(cc(74, 20, 0)); // channel 1: not ours
    map.handle(cc(75, 30, 1)); // another controller
    map.handle(cc(74, 10, 1));
    map.handle(cc(7, 0, 14));
    map.handle(cc(7, 127, 15));
    expect(cued).toEqual(["filter.cutoff=10", "mix.level=1"]);
    expect(map.list().map((m) => m.source)).toEqual(["cc:74:ch2", "cc:7:ch16"]);
  });

  it("note:N maps velocity, and its note-off (or note-on velocity 0) gives min", () => {
    const { map, cued } = setup();
    map.map("note:60", "drums.density", { min: 0.2, max: 1 });
    map.handle(on(61, 127));
    map.handle(on(60, 127));
    map.handle(off(60));
    expect(cued).toEqual(["drums.density=1", "drums.density=0.2"]);
  });

  it("note:* maps the note number and ignores note-offs", () => {
    const { map, cued } = setup();
    map.map("note:*", "bass.root", { min: 0, max: 127, integer: true });
    map.handle(on(48, 10));
    map.handle(off(48));
    map.handle(on(55, 90, 9));
    expect(cued).toEqual(["bass.root=48", "bass.root=55"]);
  });

  it("sends on change only, per mapping", () => {
    const { map, cued } = setup();
    map.map("cc:1", "a.x", { min: 0, max: 1, integer: true });
    map.map("cc:1", "b.y", { min: 0, max: 127 });
    for (const v of [10, 11, 11, 12, 120, 127]) map.handle(cc(1, v));
    expect(cued).toEqual(["a.x=0", "b.y=10", "b.y=11", "b.y=12", "a.x=1", "b.y=120", "b.y=127"]);
  });

  it("replaces a mapping of the same source and target, unmaps, and ignores non-controller messages", () => {
    const { map, cued } = setup();
    map.map("CC:1", "a.x");
    map.map("cc:1", "a.x", { min: 10, max: 20 });
    expect(map.list()).toEqual([{ source: "cc:1", target: "a.x", min: 10, max: 20, curve: "linear", integer: false }]);
    expect(map.handle({ type: "clock", bytes: [0xf8] })).toEqual([]);
    expect(map.handle({ type: "error", message: "x", bytes: [] })).toEqual([]);
    expect(map.unmap("cc:1:ch3")).toBe(0);
    expect(map.unmap("cc:1")).toBe(1);
    map.handle(cc(1, 127));
    expect(cued).toEqual([]);
  });
});

describe("ControllerMap errors", () => {
  const forms = /valid forms: "cc:N" or "cc:N:chC"/;
  it.each<[string, string, RegExp]>([
    ["cc1", "a.x", forms],
    ["cc:128", "a.x", /controller 128 is out of range 0–127/],
    ["cc:1:ch0", "a.x", /channel 0 is out of range 1–16/],
    ["cc:1:ch17", "a.x", /channel 17 is out of range 1–16/],
    ["cc:*", "a.x", /"cc:\*" is not supported/],
    ["pb", "a.x", forms],
    ["note:200", "a.x", /note 200 is out of range/],
    ["cc:1", "gate", /map target must be "node.param", e.g. "arp.gate"; got "gate"/],
    ["cc:1", "arp.", /map target must be "node.param"/],
  ])("map(%j, %j) is refused", (source, target, message) => {
    const { map } = setup();
    expect(() => map.map(source, target)).toThrow(ControllerMapError);
    expect(() => map.map(source, target)).toThrow(message);
    expect(map.list()).toEqual([]);
  });

  it("refuses bad options with the reason", () => {
    const { map } = setup();
    expect(() => map.map("cc:1", "a.x", { curve: "exp", min: 0, max: 1 })).toThrow('curve "exp" needs min and max above 0, got 0 and 1');
    expect(() => map.map("cc:1", "a.x", { min: 2, max: 2 })).toThrow("min and max are both 2");
    expect(() => map.map("cc:1", "a.x", { min: Number.NaN })).toThrow("must be finite");
    expect(() => map.map("cc:1:ch2", "a.x", { channel: 3 })).toThrow("channel 2 in the source and channel 3 in the options disagree");
    expect(() => map.map("cc:1", "a.x", { channel: 0 })).toThrow("option channel must be 1–16 as on the device, got 0");
  });

  it("asks validate about both ends of the range and refuses with its message", () => {
    const asked: string[] = [];
    const { map } = setup((t, p, v) => {
      asked.push(`${t}.${p}=${v}`);
      if (t !== "arp") throw new Error(`no node named "${t}"`);
      if (v > 8) throw new Error(`gate: expected a number from 0.01 to 8, got ${v}`);
    });
    expect(() => map.map("cc:1", "drums.x")).toThrow('map cc:1 → drums.x: no node named "drums"');
    expect(() => map.map("cc:1", "arp.gate", { min: 0.1, max: 16 })).toThrow("map cc:1 → arp.gate: gate: expected a number from 0.01 to 8, got 16");
    map.map("cc:1", "arp.gate", { min: 0.1, max: 4 });
    expect(asked).toEqual(["drums.x=0", "arp.gate=0.1", "arp.gate=16", "arp.gate=0.1", "arp.gate=4"]);
    expect(map.list()).toHaveLength(1);
  });

  it("keeps, lists and cues a mapping under the name validate gives (the performer's, for a seed spelling)", () => {
    const { map, cued } = setup((_t, p) => (p === "gateBeats" || p === "gate_beats" ? "gate" : p));
    map.map("cc:1", "arp.gateBeats", { min: 0.05, max: 1 });
    map.map("cc:1", "arp.gate_beats", { min: 0.05, max: 1 }); // the same knob: replaces, does not add
    expect(map.list().map((m) => m.target)).toEqual(["arp.gate"]);
    map.handle(cc(1, 127));
    expect(cued).toEqual(["arp.gate=1"]);
  });

  it("isolates a cue that throws: other mappings still run, the error goes to onError", () => {
    const errors: unknown[] = [];
    const cued: string[] = [];
    const map = new ControllerMap({
      cue: (t, p, v) => {
        if (t === "gone") throw new Error("no node gone");
        cued.push(`${t}.${p}=${v}`);
      },
      onError: (e) => errors.push(e),
    });
    map.map("cc:1", "gone.x");
    map.map("cc:1", "a.y", { max: 127 });
    expect(map.handle(cc(1, 5))).toEqual([{ target: "a", param: "y", value: 5 }]);
    expect(cued).toEqual(["a.y=5"]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["no node gone"]);
  });
});

describe("ControllerMap learn", () => {
  it("maps the next CC moved, with its channel, and applies its value at once", async () => {
    const { map, cued } = setup();
    const learned = map.learn("arp.gate", { min: 0.05, max: 1 });
    expect(map.isLearning).toBe(true);
    map.handle({ type: "clock", bytes: [0xf8] });
    map.handle(off(60));
    map.handle(cc(74, 127, 1));
    await expect(learned).resolves.toBe("cc:74:ch2");
    expect(map.isLearning).toBe(false);
    expect(cued).toEqual(["arp.gate=1"]);
    map.handle(cc(74, 0, 0)); // another channel: not learned
    map.handle(cc(74, 0, 1));
    expect(cued).toEqual(["arp.gate=1", "arp.gate=0.05"]);
  });

  it("learns a note, and only from the channel asked for", async () => {
    const { map } = setup();
    const learned = map.learn("drums.density", { channel: 10 });
    map.handle(on(36, 100, 0));
    expect(map.isLearning).toBe(true);
    map.handle(on(38, 100, 9));
    await expect(learned).resolves.toBe("note:38:ch10");
  });

  it("cancels: cancelLearn or a new learn rejects the waiting one; a bad target is refused up front", async () => {
    const { map } = setup((t) => {
      if (t !== "arp") throw new Error(`no node named "${t}"`);
    });
    expect(() => map.learn("nope.x")).toThrow('no node named "nope"');
    expect(map.isLearning).toBe(false);
    const first = map.learn("arp.gate");
    const second = map.learn("arp.octaves", { min: 1, max: 4, integer: true });
    await expect(first).rejects.toThrow("learn arp.gate: replaced by learning arp.octaves");
    expect(map.cancelLearn()).toBe(true);
    await expect(second).rejects.toThrow("learn arp.octaves: cancelled");
    expect(map.cancelLearn()).toBe(false);
    map.learn("arp.gate"); // never awaited, then cancelled: must not be an unhandled rejection
    map.cancelLearn();
    expect(map.handle(cc(1, 1))).toEqual([]);
  });
});
