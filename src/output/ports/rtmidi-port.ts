/**
 * A live MIDI output through RtMidi: an existing port picked by NAME|INDEX|REGEX, or a virtual
 * output (macOS/Linux) that a DAW sees as a MIDI input. RtMidi keeps "sending" to a device that was
 * unplugged, so the port looks for its name in the port list every `watchMs` (on the output
 * thread's event loop, which only turns when no send is near) and marks itself lost when it is gone.
 */
import type { MidiPort } from "./midi-port.ts";
import { choosePort, PortSelectError } from "./port-select.ts";
import { create, loadRtMidi, type RtMidiModule, type RtMidiOutput } from "./rtmidi.ts";

export interface RtMidiWatch {
  /** How often to check that the device is still there (ms; 0: never). */
  watchMs?: number;
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void } | unknown;
  clearInterval?: (t: unknown) => void;
}

export class RtMidiPort implements MidiPort {
  lost: string | undefined;
  private watch: unknown;

  private constructor(
    private readonly out: RtMidiOutput,
    readonly name: string,
    private readonly w: RtMidiWatch,
    isVirtual: boolean,
  ) {
    const every = w.watchMs ?? 1000;
    if (isVirtual || every <= 0) return;
    this.watch = (w.setInterval ?? setInterval)(() => this.check(), every);
    (this.watch as { unref?: () => void })?.unref?.();
  }

  /** Open a port; rejects with a one-line reason if it cannot. */
  static async open(o: { select?: string; virtual?: string }, midi?: RtMidiModule, watch: RtMidiWatch = {}): Promise<RtMidiPort> {
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
      return new RtMidiPort(out, `${o.virtual} (virtual)`, watch, true);
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
    return new RtMidiPort(out, names[index]!, watch, false);
  }

  send(bytes: readonly number[]): void {
    this.out.sendMessage([...bytes]);
  }

  close(): void {
    if (this.watch !== undefined) (this.w.clearInterval ?? ((t) => clearInterval(t as NodeJS.Timeout)))(this.watch);
    this.out.closePort();
  }

  private check(): void {
    if (this.lost) return;
    const names = Array.from({ length: this.out.getPortCount() }, (_, i) => this.out.getPortName(i));
    if (!names.includes(this.name)) this.lost = `MIDI output "${this.name}" is no longer listed`;
  }
}
