/** Open the port a PortSpec describes (called inside the output thread). */
import { FakePort } from "./fake-port.ts";
import { FluidSynthPort } from "./fluidsynth-port.ts";
import type { MidiPort, PortSpec } from "./midi-port.ts";
import { RtMidiPort } from "./rtmidi-port.ts";
import { SynthPort } from "../synth/synth-port.ts";

/** `report`: what a port has to say while it plays (one line each). */
export async function openPort(spec: PortSpec, report?: (message: string) => void): Promise<MidiPort> {
  switch (spec.kind) {
    case "fake":
      return new FakePort(spec.name, undefined, spec.logFile);
    case "rtmidi":
      return RtMidiPort.open(spec);
    case "fluidsynth":
      return FluidSynthPort.open(spec.port);
    case "builtin":
      return SynthPort.open(spec, report);
  }
}
