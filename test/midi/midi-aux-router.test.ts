import { describe, expect, it } from "vitest";
import { MidiAuxRouter, MidiOutSink, ParamChangeEvent, PPQ, ValueEvent } from "../../src/index.ts";
import type { MidiAuxRouterOptions } from "../../src/midi/midi-aux-router.ts";
import { virtualSystem } from "../helpers.ts";
import { validateSmf } from "./smf-validator.ts";
import { writeSmf } from "../../src/index.ts";

function setup(options: MidiAuxRouterOptions = {}) {
  const s = virtualSystem();
  const midi = s.system.add(new MidiOutSink(s.bus));
  const aux = s.system.add(new MidiAuxRouter(s.bus, midi, options));
  s.system.start();
  const value = (name: string, v: number, tick = 0) => s.bus.emit(new ValueEvent({ name, value: v, tick }));
  const set = (param: string, v: unknown) => s.bus.emit(new ParamChangeEvent({ target: aux.name, param, value: v }));
  const controls = () => midi.toSong().tracks[0]!.controls!.map((c) => [c.tick, c.channel, c.controller, c.value]);
  const programs = () => midi.toSong().tracks[0]!.programs!.map((p) => [p.tick, p.channel, p.program]);
  return { ...s, midi, aux, value, set, controls, programs };
}

describe("MidiAuxRouter", () => {
  it('sends a ValueEvent named "ccN" to controller N, mapping 0..1 onto 0..127 and clamping', () => {
    const { value, controls } = setup();
    value("cc74", 0, 0);
    value("cc74", 0.5, 10);
    value("cc74", 1, 20);
    value("cc74", 2, 30); // clamped to 127: unchanged, not sent again
    value("cc74", -1, 40);
    value("cc:1", 0.25, 50);
    expect(controls()).toEqual([
      [0, 0, 74, 0],
      [10, 0, 74, 64],
      [20, 0, 74, 127],
      [40, 0, 74, 0],
      [50, 0, 1, 32],
    ]);
  });

  it("ignores values with other names and controllers beyond 127", () => {
    const { value, controls, problems } = setup();
    value("mod_noise", 0.5);
    value("cc128", 0.5);
    value("xcc7", 0.5);
    expect(controls()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("sends on change only: a steady signal makes one control change", () => {
    const { value, controls } = setup();
    for (let i = 0; i < 60; i++) value("cc7", 0.5, i * 16);
    value("cc7", 0.504, 1000); // 64.0 → still 64
    value("cc7", 0.51, 1010); // 64.8 → 65
    value("cc8", 0.5, 1020); // another controller has its own memory
    expect(controls()).toEqual([
      [0, 0, 7, 64],
      [1010, 0, 7, 65],
      [1020, 0, 8, 64],
    ]);
  });

  it("maps named values with an explicit table: controller, channel, and [min, max] scaled linearly", () => {
    const { value, controls, aux } = setup({
      cc: { mod_noise: { controller: 1, channel: 2, min: -1, max: 1 }, lfo: 74, wide: { controller: 10, min: 0, max: 1000 } },
      channel: 5,
    });
    value("mod_noise", -1, 0);
    value("mod_noise", 0, 1);
    value("mod_noise", 1, 2);
    value("mod_noise", 3, 3); // clamped: 127 again, not re-sent
    value("lfo", 0.1, 4);
    value("wide", 250, 5);
    expect(controls()).toEqual([
      [0, 2, 1, 0],
      [1, 2, 1, 64],
      [2, 2, 1, 127],
      [4, 5, 74, 13],
      [5, 5, 10, 32],
    ]);
    expect(aux.routes()).toEqual({
      mod_noise: { controller: 1, channel: 2, min: -1, max: 1 },
      lfo: { controller: 74, channel: 5, min: 0, max: 1 },
      wide: { controller: 10, channel: 5, min: 0, max: 1000 },
    });
  });

  it("map() adds a route at runtime, and an explicit map beats the automatic ccN", () => {
    const { value, controls, aux } = setup();
    aux.map("cc7", { controller: 11, min: 0, max: 2 });
    aux.map("pressure", 2);
    value("cc7", 1, 0);
    value("pressure", 1, 1);
    expect(controls()).toEqual([
      [0, 0, 11, 64],
      [1, 0, 2, 127],
    ]);
  });

  it("treats a non-finite value as 0", () => {
    const { value, controls } = setup();
    value("cc1", 0.5, 0);
    value("cc1", Number.NaN, 1);
    expect(controls()).toEqual([
      [0, 0, 1, 64],
      [1, 0, 1, 0],
    ]);
  });

  it("stamps control changes with the value's tick, and the sink writes them into a valid file", async () => {
    const { system, sched, bus, value, midi } = setup();
    value("cc74", 0.5, 3 * PPQ);
    sched.at(PPQ, () => bus.emit(new ValueEvent({ name: "cc74", value: 1 })));
    await system.runUntilTick(4 * PPQ);
    const check = validateSmf(writeSmf(midi.toSong()));
    expect(check.problems).toEqual([]);
    expect(check.controls.map((c) => [c.tick, c.controller, c.value])).toEqual([
      [PPQ, 74, 127],
      [3 * PPQ, 74, 64],
    ]);
  });

  it("sends the initial program at start, on its channel", () => {
    const { programs } = setup({ program: 42, channel: 3 });
    expect(programs()).toEqual([[0, 3, 42]]);
  });

  it('takes params "program", "program:CH" and "ccN" as program and control changes', async () => {
    const { system, set, programs, controls } = setup({ channel: 1 });
    await system.runUntilTick(PPQ);
    set("program", 5);
    set("program:9", 0);
    set("program:15", 127);
    set("cc64", 127);
    set("cc:7", 100);
    expect(programs()).toEqual([
      [PPQ, 1, 5],
      [PPQ, 9, 0],
      [PPQ, 15, 127],
    ]);
    expect(controls()).toEqual([
      [PPQ, 1, 64, 127],
      [PPQ, 1, 7, 100],
    ]);
  });

  it('"channel" changes where programs and automatic ccN go (explicit maps keep theirs)', () => {
    const { set, value, controls, programs, aux } = setup({ cc: { lfo: { controller: 1, channel: 0 } } });
    set("channel", 6);
    expect(aux.channel).toBe(6);
    set("program", 3);
    value("cc2", 1, 1);
    value("lfo", 1, 2);
    expect(programs()).toEqual([[0, 6, 3]]);
    expect(controls()).toEqual([
      [1, 6, 2, 127],
      [2, 0, 1, 127],
    ]);
  });

  it("a controller set by a param is known to the send-on-change memory", () => {
    const { set, value, controls } = setup();
    value("cc74", 1, 0); // 127
    set("cc74", 0); // the controller is now at 0
    value("cc74", 1, 20); // back to 127: must be sent
    expect(controls()).toEqual([
      [0, 0, 74, 127],
      [0, 0, 74, 0],
      [20, 0, 74, 127],
    ]);
  });

  it("refuses bad params with a clear error and sends nothing", () => {
    const { set, problems, controls, programs } = setup();
    set("program", 128);
    set("program", "5");
    set("program:16", 1);
    set("cc200", 1);
    set("cc1", -1);
    set("volume", 1);
    set("channel", 16);
    expect(problems.map((p) => p.message)).toEqual([
      "midi_aux.program: expected an integer from 0 to 127, got 128",
      'midi_aux.program: expected an integer from 0 to 127, got "5"',
      "midi_aux.program:16: channel must be 0–15 and controller 0–127",
      "midi_aux.cc200: channel must be 0–15 and controller 0–127",
      "midi_aux.cc1: expected an integer from 0 to 127, got -1",
      'midi_aux has no param "volume"; its params: channel',
      "midi_aux.channel: expected an integer from 0 to 15, got 16",
    ]);
    expect(problems.every((p) => p.kind === "param")).toBe(true);
    expect(controls()).toEqual([]);
    expect(programs()).toEqual([]);
  });

  it("refuses a bad set-up when it is built", () => {
    const s = virtualSystem();
    const midi = new MidiOutSink(s.bus);
    expect(() => new MidiAuxRouter(s.bus, midi, { channel: 16 })).toThrow("expected an integer from 0 to 15, got 16");
    expect(() => new MidiAuxRouter(s.bus, midi, { program: 128 })).toThrow("expected an integer from 0 to 127, got 128");
    expect(() => new MidiAuxRouter(s.bus, midi, { cc: { x: 128 } })).toThrow("expected an integer from 0 to 127, got 128");
    expect(() => new MidiAuxRouter(s.bus, midi, { cc: { x: { controller: 1, channel: 20 } } })).toThrow(/0 to 15, got 20/);
    expect(() => new MidiAuxRouter(s.bus, midi, { cc: { x: { controller: 1, min: 1, max: 1 } } })).toThrow(
      'midi_aux: mapping for "x" needs max > min, got [1, 1]',
    );
  });
});
