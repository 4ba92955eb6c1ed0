/**
 * The live output of the daemon: an output thread sending to the built-in synth (the default), a
 * MIDI port (RtMidi, a virtual port) or FluidSynth. Where the output cannot open, the reason is
 * one line and the set is only recorded — unless the performer named it, and then the daemon does
 * not start (docs/sound.md). `LivePort` (live-port.ts) feeds it from the sink.
 */
import { DEFAULT_LATENCY_MS, OutputThread } from "./output-thread.ts";
import { FluidSynthServer } from "./ports/fluidsynth.ts";
import type { PortSpec } from "./ports/midi-port.ts";
import type { OutputStats, SenderHandle } from "./protocol.ts";
import type { Synth } from "./synths.ts";
import type { AudioStats } from "./synth/protocol.ts";
import { probeAudioDevice } from "./synth/probe-audio.ts";
import { rawToWavFile } from "../synth/wav.ts";
import type { OscOut } from "./osc/osc-out.ts";
import type { OscTarget } from "./osc/osc-target.ts";
import type { SoundNote } from "./osc/sound-note.ts";


export interface LivePortOptions {
  /** A MIDI port by NAME, INDEX or /REGEX/. */
  midiOut?: string;
  /** Open a virtual output with this name (macOS, Linux) that a DAW can see. */
  virtual?: string;
  /**
   * Which synth plays when no MIDI port is named: the built-in one (default) or FluidSynth
   * (started here). Either plays to the sound card, and writes a WAV file of it to `synthOut`.
   */
  synth?: Synth;
  soundfont?: string;
  synthOut?: string;
  /** The built-in synth's audio: the default device (default), or none (only `synthOut`; a server, a test). */
  audio?: "device" | "none";
  /** The performer named this output: if it cannot open, the daemon does not start (no quiet recording). */
  required?: boolean;
  /** Output latency (ms): how long after its time a message sounds (DEFAULT_LATENCY_MS). */
  latencyMs?: number;
  /**
   * Also (or only) send every note as OSC: to SuperDirt or a generic receiver. With OSC and no
   * synth or MIDI port named, OSC is the only output (no built-in synth plays as well).
   */
  osc?: OscTarget;
  /** Only OSC: no output thread at all (set by the command line when OSC is the only output asked for). */
  oscOnly?: boolean;
  onProblem?: (message: string) => void;
  /** Told when SuperDirt answers the handshake. */
  onOscHandshake?: (text: string) => void;
}

/**
 * What the live port needs of the output thread. The OutputThread itself, in a plain process; in
 * the supervised daemon, a stand-in on the engine's thread that forwards to the supervisor's.
 */
export interface OutputLink {
  send(at: number, bytes: readonly number[]): void;
  sendMany(at: number, messages: readonly (readonly number[])[]): void;
  panic(): void;
  setLatency(ms: number): void;
  stats(): Promise<OutputStats>;
  readonly latencyMs: number;
  /**
   * How early the port wants each message before it sounds (ms): the built-in synth, by its audio
   * path. The music is computed that much further ahead (Daemon.run), so that a busy moment has
   * as much room before a note is late as it has with a MIDI port.
   */
  readonly leadMs?: number;
  /** Whether notes() wants whole notes (an OSC output is open): the live port computes them only then. */
  readonly wantsNotes?: boolean;
  /** Whole notes starting at `at` (output clock), for an output with one message per note (OSC). */
  notes?(at: number, notes: readonly SoundNote[]): void;
  /** The main thread is alive (the output thread's watchdog). */
  beat?(): void;
  /** The caller beats from now on and the output's own timer stops (`false`: it beats itself again); OutputThread.beatsFromCaller. */
  beatsFromCaller?(on: boolean): void;
  /** A line of its own for another thread to send on (the output thread has them: OutputThread.openSender). */
  openSender?(): SenderHandle;
  /** Sender `to` takes over from `from` (OutputThread.handOver). */
  handOver?(from: number, to: number): Promise<number | undefined>;
}

/** An output that is open: the thread (and FluidSynth, when it plays through one). */
export interface OpenOutput {
  link: OutputLink;
  /** What the performer is told it is: `"IAC Driver Bus 1"`, `FluidSynth (…)`. */
  description: string;
  /**
   * Close it; the built-in synth answers with one line on how it played. `until` (output clock
   * ms, the set's end): what is stamped up to it sounds first; without it, what is pending is dropped.
   */
  close(until?: number): Promise<string | void>;
  /** The OSC output, when notes also go out as OSC. */
  osc?: OscOut;
}

/** The built-in synth's port: to the sound card, or, with none, to the WAV file alone. */
function builtinSpec(o: LivePortOptions): PortSpec {
  let audio = o.audio;
  if (audio === undefined) {
    const probe = probeAudioDevice();
    if (!probe.ok && !o.synthOut) throw new Error(o.required ? `${probe.reason}: add --synth-out FILE.wav to play to a file, or --midi-out NAME for a MIDI port` : probe.reason);
    audio = probe.ok ? "device" : "none";
    if (!probe.ok) o.onProblem?.(`${probe.reason}: the built-in synth plays to ${o.synthOut} only`);
  }
  return { kind: "builtin", audio, ...(o.soundfont ? { soundfont: o.soundfont } : {}), ...(o.synthOut ? { wavOut: o.synthOut } : {}) };
}

/** Open the output the options name; rejects with a one-line reason when there is none. */
export async function openOutput(o: LivePortOptions): Promise<OpenOutput> {
  if (!o.osc) return openMidiOutput(o);
  // Loaded only when asked for: every engine thread loads this file, and most sets send no OSC.
  const [{ OscOut }, { describeOscTarget }] = await Promise.all([import("./osc/osc-out.ts"), import("./osc/osc-target.ts")]);
  const osc = await OscOut.open(o.osc, {
    latencyMs: o.latencyMs ?? DEFAULT_LATENCY_MS,
    ...(o.onProblem ? { onProblem: o.onProblem } : {}),
    onHandshake: (h) => o.onOscHandshake?.(`SuperDirt answered the handshake${h.serverPort ? ` (port ${h.serverPort})` : ""}`),
  });
  let midi: OpenOutput | undefined;
  if (!o.oscOnly) {
    try {
      midi = await openMidiOutput(o);
    } catch (err) {
      await osc.close();
      throw err;
    }
  }
  return withOsc(midi, osc, describeOscTarget(o.osc));
}

/** An output that sends whole notes as OSC, besides (or instead of) MIDI bytes to `midi`. */
export function withOsc(midi: OpenOutput | undefined, osc: OscOut, oscName: string): OpenOutput {
  const link: OutputLink = {
    wantsNotes: true,
    send: (at, bytes) => {
      midi?.link.send(at, bytes);
      osc.send(at, bytes);
    },
    sendMany: (at, messages) => {
      midi?.link.sendMany(at, messages);
      for (const m of messages) osc.send(at, m);
    },
    notes: (at, notes) => osc.notes(at, notes),
    panic: () => midi?.link.panic(),
    beat: () => midi?.link.beat?.(),
    beatsFromCaller: (on) => midi?.link.beatsFromCaller?.(on),
    setLatency: (ms) => {
      midi?.link.setLatency(ms);
      osc.setLatency(ms);
    },
    stats: () => (midi ? midi.link.stats() : Promise.reject(new Error(`no output thread: the OSC receiver places each bundle at its timetag itself (${oscName})`))),
    get latencyMs() {
      return osc.latencyMs;
    },
    get leadMs() {
      return midi?.link.leadMs ?? 0;
    },
  };
  return {
    link,
    description: midi ? `${midi.description} + ${oscName}` : oscName,
    osc,
    close: async (until) => {
      const played = await midi?.close(until);
      const s = osc.stats();
      await osc.close();
      const line = `${oscName}: ${s.bundles} bundles sent${s.sendErrors ? `, ${s.sendErrors} send errors` : ""}${osc.target.kind === "superdirt" ? (s.handshake ? ", handshake answered" : ", no handshake answer") : ""}; calendar clock drift ${s.clockDriftPpm >= 0 ? "+" : ""}${s.clockDriftPpm.toFixed(1)} ppm`;
      return played ? `${played}\n${line}` : line;
    },
  };
}

async function openMidiOutput(o: LivePortOptions): Promise<OpenOutput> {
  let synth: FluidSynthServer | undefined;
  let spec: PortSpec;
  const named = o.midiOut !== undefined || o.virtual !== undefined;
  // FluidSynth writes raw audio (a WAV header would be left broken when it is stopped); the WAV is made at the end.
  const rawPart = o.synthOut ? `${o.synthOut}.raw.part` : undefined;
  if (o.synth === "fluidsynth") {
    synth = await FluidSynthServer.start({
      ...(o.soundfont ? { soundfont: o.soundfont } : {}),
      ...(rawPart ? { outFile: rawPart } : {}),
    });
    spec = { kind: "fluidsynth", port: synth.port };
  } else if (!named) {
    spec = builtinSpec(o);
  } else {
    // Probing in a child process keeps RtMidi's C-level complaints (ALSA on a machine without
    // a sequencer) off the performer's terminal; only its one-line reason is shown.
    spec = { kind: "rtmidi", ...(o.midiOut !== undefined ? { select: o.midiOut } : {}), ...(o.virtual !== undefined ? { virtual: o.virtual } : {}) };
  }
  try {
    const thread = await OutputThread.start({
      port: spec,
      latencyMs: o.latencyMs ?? DEFAULT_LATENCY_MS,
      ...(o.onProblem ? { onProblem: o.onProblem } : {}),
    });
    const description = synth ? `FluidSynth (${synth.soundfont}${o.synthOut ? ` → ${o.synthOut}` : ""})` : spec.kind === "builtin" ? thread.portName : `"${thread.portName}"`;
    return {
      link: thread,
      description,
      close: async (until) => {
        const { stats } = await thread.close(until);
        await synth?.stop();
        if (synth && rawPart && o.synthOut) rawToWavFile(rawPart, o.synthOut, synth.sampleRate);
        return stats.audio ? describeAudio(stats.audio, o.synthOut) : undefined;
      },
    };
  } catch (err) {
    await synth?.stop();
    throw err;
  }
}

/** How the built-in synth played, in one line: what a performer (and a test) checks after a set. */
export function describeAudio(a: AudioStats, wavOut?: string): string {
  const seconds = (a.wavFrames / a.sampleRate).toFixed(1);
  return (
    `built-in synth: ${a.underruns} dropouts, ${a.late} notes late${a.late > 0 ? ` (by at most ${a.lateMaxMs.toFixed(1)} ms)` : ""}, ` +
    (a.stalls > 0 ? `${a.stalls} stalls while silent (up to ${a.stallMaxMs.toFixed(1)} ms behind the device), ` : "") +
    `at most ${a.maxVoices} voices, ` +
    `${a.cpuPercent.toFixed(1)} % of a core, audio path ${a.pathLatencyMs.toFixed(0)} ms (sent ${a.leadMs} ms ahead), ` +
    `device clock ${a.driftPpm >= 0 ? "+" : ""}${a.driftPpm.toFixed(1)} ppm` +
    (wavOut ? `; ${seconds} s written to ${wavOut}` : "")
  );
}
