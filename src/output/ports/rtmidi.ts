/**
 * Loading RtMidi (@julusian/midi, an optional dependency) lazily. It may be missing (not
 * installed), fail to load (no prebuilt binary), or load on an OS with no MIDI subsystem — then
 * `new Output()` throws "Failed to initialise RtMidi". Each case becomes a one-line reason; nothing
 * throws past here. (Its C code may still print ALSA errors to stderr; JS cannot silence them.)
 */

/** The part of @julusian/midi's Output/Input this project uses. */
export interface RtMidiOutput {
  getPortCount(): number;
  getPortName(i: number): string;
  openPort(i: number): void;
  openVirtualPort(name: string): void;
  sendMessage(bytes: number[]): void;
  closePort(): void;
}
export type RtMidiInput = Pick<RtMidiOutput, "getPortCount" | "getPortName" | "closePort">;

export interface RtMidiModule {
  Output: new () => RtMidiOutput;
  Input: new () => RtMidiInput;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Import @julusian/midi; `importer` is injected by tests. */
export async function loadRtMidi(importer: () => Promise<unknown> = () => import("@julusian/midi")): Promise<Loaded<RtMidiModule>> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND")
      return { ok: false, reason: "no MIDI library: @julusian/midi is not installed (npm install @julusian/midi@3.8.1)" };
    return { ok: false, reason: `MIDI library failed to load: ${firstLine(e.message)}` };
  }
  const m = ((mod as { default?: unknown }).default ?? mod) as Partial<RtMidiModule>;
  if (typeof m.Output !== "function" || typeof m.Input !== "function") return { ok: false, reason: "MIDI library loaded but has no Output/Input" };
  return { ok: true, value: m as RtMidiModule };
}

/** Construct an RtMidi object; "Failed to initialise RtMidi" (no MIDI subsystem) becomes a reason. */
export function create<T>(make: () => T): Loaded<T> {
  try {
    return { ok: true, value: make() };
  } catch (err) {
    return { ok: false, reason: `no MIDI subsystem: ${firstLine((err as Error).message)}` };
  }
}

const firstLine = (s: string) => s.split("\n")[0]!.trim();
