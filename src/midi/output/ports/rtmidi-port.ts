/**
 * A live MIDI output through RtMidi: an existing port picked by NAME|INDEX|REGEX, or a virtual
 * output (macOS/Linux) that a DAW sees as a MIDI input.
 */
import type { MidiPort } from "./midi-port.ts";
import { choosePort, PortSelectError } from "./port-select.ts";
import { create, loadRtMidi, type RtMidiModule, type RtMidiOutput } from "./rtmidi.ts";

export class RtMidiPort implements MidiPort {
  private constructor(
    private readonly out: RtMidiOutput,
    readonly name: string,
  ) {}

  /** Open a port; rejects with a one-line reason if it cannot. */
  static async open(o: { select?: string; virtual?: string }, midi?: RtMidiModule): Promise<RtMidiPort> {
    let mod = midi;
    if (!mod) {
      const loaded = await loadRtMidi();
      if (!loaded.ok) throw new Error(loaded.reason);
      mod = loaded.value;
    }
    const made = create(() => new mod.Output());
    if (!made.ok) throw new Error(made.reason);
    const out = made.value;
    if (o.virtual !== undefined) {
      out.openVirtualPort(o.virtual);
      return new RtMidiPort(out, `${o.virtual} (virtual)`);
    }
    const names = Array.from({ length: out.getPortCount() }, (_, i) => out.getPortName(i));
    let index: number;
    try {
      index = choosePort(names, o.select ?? "0");
    } catch (err) {
      out.closePort();
      throw err instanceof PortSelectError ? new Error(err.message) : err;
    }
    out.openPort(index);
    return new RtMidiPort(out, names[index]!);
  }

  send(bytes: readonly number[]): void {
    this.out.sendMessage([...bytes]);
  }

  close(): void {
    this.out.closePort();
  }
}
