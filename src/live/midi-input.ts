/**
 * A MIDI input port (RtMidi, loaded lazily) delivering raw bytes with their arrival time. Where
 * there is no MIDI subsystem or no such port, opening fails with a one-line reason naming the
 * ports there are.
 */
import { performance } from "node:perf_hooks";
import { choosePort } from "../output/ports/port-select.ts";
import { create, loadRtMidi } from "../output/ports/rtmidi.ts";

export interface MidiInputPort {
  readonly name: string;
  close(): void;
}

interface RtMidiInputFull {
  getPortCount(): number;
  getPortName(i: number): string;
  openPort(i: number): void;
  closePort(): void;
  ignoreTypes(sysex: boolean, timing: boolean, sensing: boolean): void;
  on(event: "message", fn: (deltaTime: number, message: number[]) => void): void;
}

export async function openMidiInput(selector: string, onBytes: (bytes: number[], atMs: number) => void): Promise<MidiInputPort> {
  const lib = await loadRtMidi();
  if (!lib.ok) throw new Error(lib.reason);
  const made = create(() => new lib.value.Input() as unknown as RtMidiInputFull);
  if (!made.ok) throw new Error(made.reason);
  const input = made.value;
  const names = Array.from({ length: input.getPortCount() }, (_, i) => input.getPortName(i));
  if (names.length === 0) throw new Error("no MIDI input ports");
  const index = choosePort(names, selector);
  // Clock and SysEx are wanted (MIDI clock in, controllers that speak SysEx); active sensing is not.
  input.ignoreTypes(false, false, true);
  input.on("message", (_dt, message) => onBytes(message, performance.now()));
  input.openPort(index);
  return { name: names[index]!, close: () => input.closePort() };
}
