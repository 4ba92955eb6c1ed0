import { describe, expect, it } from "vitest";
import { toShellLine } from "../../src/output/ports/fluidsynth-shell.ts";
import { listPorts } from "../../src/output/ports/list-ports.ts";
import { describeSpec } from "../../src/output/ports/midi-port.ts";
import { choosePort, parsePortSelector, PortSelectError } from "../../src/output/ports/port-select.ts";
import { loadRtMidi, type RtMidiModule } from "../../src/output/ports/rtmidi.ts";
import { RtMidiPort } from "../../src/output/ports/rtmidi-port.ts";

/** An RtMidi stand-in with the given ports; `sent` collects what the opened output got. */
function fakeRtMidi(outputs: string[], inputs: string[] = []) {
  const sent: number[][] = [];
  const opened: string[] = [];
  const mk = (names: string[]) =>
    class {
      getPortCount = () => names.length;
      getPortName = (i: number) => names[i] ?? "";
      openPort = (i: number) => void opened.push(names[i]!);
      openVirtualPort = (n: string) => void opened.push(`virtual ${n}`);
      sendMessage = (b: number[]) => void sent.push(b);
      closePort = () => {};
    };
  return { mod: { Output: mk(outputs), Input: mk(inputs) } as unknown as RtMidiModule, sent, opened };
}

describe("port selection: NAME|INDEX|REGEX", () => {
  it.each([
    ["2", { kind: "index", index: 2 }],
    [" 0 ", { kind: "index", index: 0 }],
    ["/iac/i", { kind: "regex", regex: /iac/i }],
    ["IAC Driver Bus 1", { kind: "name", name: "IAC Driver Bus 1" }],
    ["/", { kind: "name", name: "/" }],
  ])("parses %j", (text, sel) => {
    expect(parsePortSelector(text)).toEqual(sel);
  });

  it("refuses an empty selector and a bad regex", () => {
    expect(() => parsePortSelector(" ")).toThrow(PortSelectError);
    expect(() => parsePortSelector("/(/")).toThrow(/bad port regex \/\(\//);
  });

  const names = ["Midi Through Port-0", "IAC Driver Bus 1", "IAC Driver Bus 2", "loopMIDI Port"];
  it.each([
    ["1", 1],
    ["IAC Driver Bus 2", 2],
    ["loopmidi", 3],
    ["/bus 2$/i", 2],
    ["/^Midi/", 0],
  ])("chooses %j → %i", (sel, index) => {
    expect(choosePort(names, sel)).toBe(index);
  });

  it.each([
    ["7", "no MIDI output with index 7; outputs: 0: Midi Through Port-0, 1: IAC Driver Bus 1, 2: IAC Driver Bus 2, 3: loopMIDI Port"],
    ["iac", '"iac" matches 2 MIDI outputs (IAC Driver Bus 1, IAC Driver Bus 2); be more specific'],
    ["/^x/", "no MIDI output matches /^x/"],
    ["Ableton", 'no MIDI output named "Ableton"'],
  ])("explains why %j picks nothing", (sel, why) => {
    expect(() => choosePort(names, sel)).toThrow(why);
  });

  it("says so when there are no outputs at all", () => {
    expect(() => choosePort([], "0")).toThrow("no MIDI output with index 0; there are no MIDI outputs");
  });
});

describe("RtMidi, loaded lazily", () => {
  it("a missing library is one line with the install command", async () => {
    const missing = Object.assign(new Error("Cannot find package '@julusian/midi'"), { code: "ERR_MODULE_NOT_FOUND" });
    expect(await loadRtMidi(() => Promise.reject(missing))).toEqual({
      ok: false,
      reason: "no MIDI library: @julusian/midi is not installed (npm install @julusian/midi@3.8.1)",
    });
  });

  it("a library that fails to load is one line", async () => {
    const r = await loadRtMidi(() => Promise.reject(new Error("libasound.so.2: cannot open shared object file\n  at dlopen")));
    expect(r).toEqual({ ok: false, reason: "MIDI library failed to load: libasound.so.2: cannot open shared object file" });
  });

  it("no MIDI subsystem (RtMidi cannot initialise) is one line, from listing and from opening", async () => {
    const broken = {
      Output: class {
        constructor() {
          throw new Error("Failed to initialise RtMidi\nMidiOutAlsa::initialize: error");
        }
      },
      Input: class {},
    } as unknown as RtMidiModule;
    expect(await listPorts(broken)).toEqual({ ok: false, reason: "no MIDI subsystem: Failed to initialise RtMidi" });
    await expect(RtMidiPort.open({ select: "0" }, broken)).rejects.toThrow("no MIDI subsystem: Failed to initialise RtMidi");
  });

  it("on this machine, listing never throws and either lists ports or gives a one-line reason", async () => {
    const r = await listPorts();
    if (r.ok) expect(Array.isArray(r.outputs) && Array.isArray(r.inputs)).toBe(true);
    else expect(r.reason).toMatch(/^[^\n]+$/);
  });

  it("lists outputs and inputs", async () => {
    const { mod } = fakeRtMidi(["A", "B"], ["In"]);
    expect(await listPorts(mod)).toEqual({ ok: true, outputs: ["A", "B"], inputs: ["In"] });
  });

  it("opens the selected output and sends to it; opens a virtual output by name", async () => {
    const f = fakeRtMidi(["Midi Through", "IAC Driver Bus 1"]);
    const p = await RtMidiPort.open({ select: "/iac/i" }, f.mod);
    p.send([0x90, 60, 1]);
    expect([p.name, f.opened, f.sent]).toEqual(["IAC Driver Bus 1", ["IAC Driver Bus 1"], [[0x90, 60, 1]]]);
    const v = await RtMidiPort.open({ virtual: "magicbus" }, f.mod);
    expect(v.name).toBe("magicbus (virtual)");
    expect(f.opened).toContain("virtual magicbus");
  });

  it("notices when its device is no longer listed (RtMidi itself would keep sending into the void)", async () => {
    const names = ["Midi Through", "USB Synth"];
    const f = fakeRtMidi(names);
    let check: (() => void) | undefined;
    const p = await RtMidiPort.open({ select: "USB" }, f.mod, { watchMs: 1000, setInterval: (fn) => (check = fn), clearInterval: () => {} });
    check!();
    expect(p.lost).toBeUndefined();
    names.splice(1, 1); // unplugged
    check!();
    expect(p.lost).toBe('MIDI output "USB Synth" is no longer listed');
  });

  it("an invalid port name is a clear error listing the ports", async () => {
    const f = fakeRtMidi(["Midi Through"]);
    await expect(RtMidiPort.open({ select: "Ableton" }, f.mod)).rejects.toThrow('no MIDI output named "Ableton"; outputs: 0: Midi Through');
  });
});

describe("FluidSynth shell lines", () => {
  it.each([
    [[0x90, 60, 100], "noteon 0 60 100"],
    [[0x9f, 36, 1], "noteon 15 36 1"],
    [[0x91, 60, 0], "noteoff 1 60"],
    [[0x82, 61, 64], "noteoff 2 61"],
    [[0xb0, 123, 0], "cc 0 123 0"],
    [[0xc9, 25], "prog 9 25"],
    [[0xe0, 0, 64], "pitch_bend 0 8192"],
    [[0xf8], undefined],
    [[0xd0, 5], undefined],
  ])("%j → %s", (bytes, line) => {
    expect(toShellLine(bytes)).toBe(line);
  });
});

describe("port specs", () => {
  it("describe themselves in one line", () => {
    expect(describeSpec({ kind: "fluidsynth", port: 4000 })).toBe("fluidsynth on 127.0.0.1:4000");
    expect(describeSpec({ kind: "rtmidi", virtual: "mb" })).toBe('virtual MIDI output "mb"');
    expect(describeSpec({ kind: "rtmidi", select: "/iac/" })).toBe("MIDI output /iac/");
  });
});
