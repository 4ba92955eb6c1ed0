/**
 * The MIDI outputs and inputs RtMidi sees, or the one-line reason it sees none (library missing,
 * no MIDI subsystem). Never throws.
 */
import { create, loadRtMidi, type RtMidiModule } from "./rtmidi.ts";

export type PortList = { ok: true; outputs: string[]; inputs: string[] } | { ok: false; reason: string };

export async function listPorts(midi?: RtMidiModule): Promise<PortList> {
  let mod = midi;
  if (!mod) {
    const loaded = await loadRtMidi();
    if (!loaded.ok) return loaded;
    mod = loaded.value;
  }
  const m = mod;
  const out = create(() => new m.Output());
  if (!out.ok) return out;
  const inp = create(() => new m.Input());
  if (!inp.ok) {
    out.value.closePort();
    return inp;
  }
  const names = (p: { getPortCount(): number; getPortName(i: number): string }) =>
    Array.from({ length: p.getPortCount() }, (_, i) => p.getPortName(i));
  const result = { ok: true as const, outputs: names(out.value), inputs: names(inp.value) };
  out.value.closePort();
  inp.value.closePort();
  return result;
}
