/**
 * `magicbus ports [--thread]`: the MIDI outputs and inputs this machine has (or, in one line, why
 * it has none), whether FluidSynth can stand in, and with --thread, a check of the output thread:
 * which scheduling it got and how late its sleeps wake.
 */
import { spawnSync } from "node:child_process";
import { OutputThread } from "../output/output-thread.ts";
import { FLUIDSYNTH_HINT, findSoundfont } from "../output/ports/fluidsynth.ts";
import { listPorts } from "../output/ports/list-ports.ts";
import { builtinSoundfontPath } from "../synth/soundfont.ts";
import { probeAudioDevice } from "../output/synth/probe-audio.ts";
import { noMorePositionals, parse } from "./args.ts";

const USAGE = "usage: npx magicbus ports [--thread]";

export async function portsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { thread: { type: "boolean" } }, USAGE);
  noMorePositionals(positionals);
  const thread = values.thread ?? false;

  const ports = await listPorts();
  if (!ports.ok) console.log(`MIDI: ${ports.reason}`);
  else {
    const show = (label: string, names: string[]) =>
      console.log(names.length === 0 ? `${label}: none` : `${label}:\n${names.map((n, i) => `  ${i}: ${n}`).join("\n")}`);
    show("outputs", ports.outputs);
    show("inputs", ports.inputs);
  }
  console.log(builtinLine());
  console.log(fluidsynthLine());

  if (thread) {
    const out = await OutputThread.start({ port: { kind: "fake", name: "check" }, onProblem: (m) => console.error(m) });
    await new Promise((r) => setTimeout(r, 300)); // let it sleep and wake a few times
    const s = await out.stats();
    await out.close();
    const why = out.priority.reason ? ` (${out.priority.reason})` : "";
    console.log(
      `output thread: ${out.priority.policy}${why}; wake-up lateness p99.5 ${s.wakeLatenessMs.toFixed(3)} ms → spin window ${s.spinWindowMs.toFixed(3)} ms; latency ${out.latencyMs} ms`,
    );
  }
  return 0;
}

function fluidsynthLine(): string {
  const r = spawnSync("fluidsynth", ["--version"], { encoding: "utf8" });
  if (r.error) return `synth: ${FLUIDSYNTH_HINT}`;
  const version = /version\s+(\S+)/i.exec(r.stdout)?.[1] ?? "?";
  const sf = findSoundfont();
  return sf ? `synth: fluidsynth ${version} with ${sf} (--synth fluidsynth)` : `synth: fluidsynth ${version}, but no General MIDI soundfont found (--soundfont FILE)`;
}

/** The built-in synth (the default): its soundfont, and whether there is an audio device to play to. */
function builtinLine(): string {
  let font: string;
  try {
    font = builtinSoundfontPath();
  } catch (err) {
    return `synth: built-in, but ${(err as Error).message}`;
  }
  const device = probeAudioDevice();
  return `synth: built-in (the default), ${font.split("/").pop()!.replace(/\.wasm$/, "")}; ${device.ok ? "audio device: the default one" : `${device.reason}: --synth-out FILE.wav plays to a file`}`;
}
