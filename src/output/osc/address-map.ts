/**
 * What each note becomes in OSC, for the two kinds of receiver (docs/together.md lists both maps).
 *
 * - **SuperDirt**: `/dirt/play` with name/value pairs, as Tidal and Strudel send it: `s` (the sound),
 *   `n`, `note` (semitones from middle C), `orbit`, `cps`, `cycle`, `delta` (the note's length in
 *   seconds), `gain`, `legato`, `velocity`, then every extra field the note carries. A note without
 *   an `s` plays `superpiano`, or on channel 10 (index 9) the drum named by its pitch (`bd`, `sd` …).
 * - **Generic** (any other receiver: a SuperCollider pattern, visuals): `/magicbus/note` with fixed
 *   positions — node, channel, pitch, velocity, duration (s), beat, bpm — then extra fields as
 *   name/value pairs; `/magicbus/control channel controller value`; `/magicbus/program channel program`.
 *
 * @example dirtPlay({ pitch: 64, velocity: 0.8, channel: 0, durationS: 0.25, cycle: 2.5, cps: 0.5, … meta: {} })
 *          // /dirt/play s "superpiano" n 0 note 4 orbit 0 cps 0.5 cycle 2.5 delta 0.25 gain 1 legato 1 velocity 0.8
 */
import type { OscArgInput, OscMessageInput } from "osc-min";
import { DRUM_NOTES } from "../../pattern/drum-names.ts";
import type { SoundNote } from "./sound-note.ts";

export type OscKind = "superdirt" | "generic";

/** Middle C: SuperDirt's `note` 0. */
const MIDDLE_C = 60;
const DRUM_CHANNEL = 9;
/** Fields of /dirt/play set from the note itself; a note's own field of the same name wins. */
const CORE = ["s", "n", "note", "orbit", "cps", "cycle", "delta", "gain", "legato", "velocity"] as const;

/** The first (shortest) name of each General MIDI drum note. */
const DRUM_NAMES = new Map<number, string>();
for (const [name, pitch] of Object.entries(DRUM_NOTES)) {
  const had = DRUM_NAMES.get(pitch);
  if (had === undefined || name.length < had.length) DRUM_NAMES.set(pitch, name);
}

const f = (value: number): OscArgInput => ({ type: "float", value });
const i = (value: number): OscArgInput => ({ type: "integer", value: Math.round(value) });
const str = (value: string): OscArgInput => ({ type: "string", value });

/** A value of an extra field as an OSC argument (numbers as floats, booleans as 0/1); others are not sent. */
function arg(value: unknown): OscArgInput | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return f(value);
  if (typeof value === "string") return str(value);
  if (typeof value === "boolean") return i(value ? 1 : 0);
  return undefined;
}

/** The note's extra fields (not already sent), as name/value arguments. */
function extras(note: SoundNote, skip: ReadonlySet<string>): OscArgInput[] {
  const out: OscArgInput[] = [];
  for (const [name, value] of Object.entries(note.meta)) {
    if (skip.has(name)) continue;
    const a = arg(value);
    if (a !== undefined) out.push(str(name), a);
  }
  return out;
}

const CORE_SET = new Set<string>([...CORE, "node"]);

/** `/dirt/play` for one note. */
export function dirtPlay(note: SoundNote): OscMessageInput {
  const m = note.meta;
  const drum = note.channel === DRUM_CHANNEL && typeof m.s !== "string" ? DRUM_NAMES.get(note.pitch) : undefined;
  const num = (name: string, fallback: number) => (typeof m[name] === "number" && Number.isFinite(m[name]) ? (m[name] as number) : fallback);
  const args: OscArgInput[] = [
    str("s"), str(typeof m.s === "string" ? m.s : (drum ?? "superpiano")),
    str("n"), f(num("n", 0)),
    str("note"), f(num("note", drum !== undefined ? 0 : note.pitch - MIDDLE_C)),
    str("orbit"), i(num("orbit", 0)),
    str("cps"), f(note.cps),
    str("cycle"), f(note.cycle),
    str("delta"), f(note.durationS),
    str("gain"), f(num("gain", 1)),
    str("legato"), f(num("legato", 1)),
    str("velocity"), f(num("velocity", note.velocity)),
    ...extras(note, CORE_SET),
  ];
  return { address: "/dirt/play", args };
}

/** `/magicbus/note` for one note (the generic map). */
export function genericNote(note: SoundNote): OscMessageInput {
  return {
    address: "/magicbus/note",
    args: [str(note.source ?? ""), i(note.channel), i(note.pitch), f(note.velocity), f(note.durationS), f(note.beat), f(note.bpm), ...extras(note, new Set(["node"]))],
  };
}

/** The message for a note, by kind of receiver. */
export function noteMessage(kind: OscKind, note: SoundNote): OscMessageInput {
  return kind === "superdirt" ? dirtPlay(note) : genericNote(note);
}

/** The generic map's message for MIDI bytes other than notes (notes go as whole notes), or none. */
export function genericControl(bytes: readonly number[]): OscMessageInput | undefined {
  const status = bytes[0]! & 0xf0;
  const channel = bytes[0]! & 0x0f;
  if (status === 0xb0) return { address: "/magicbus/control", args: [i(channel), i(bytes[1]!), i(bytes[2]!)] };
  if (status === 0xc0) return { address: "/magicbus/program", args: [i(channel), i(bytes[1]!)] };
  return undefined;
}
