/**
 * `magicbus live DIR`: the daemon, with the REPL on this terminal (or on stdin when piped) and on
 * a Unix socket for `magicbus repl` from a second terminal.
 */
import chalk, { Chalk } from "chalk";
import { resolve } from "node:path";
import { SYNTHS, type Synth } from "../output/synths.ts";
import { parseOscTarget, type OscTarget } from "../output/osc/osc-target.ts";
import { checkQuantum, type Quantum } from "../live/swap-boundary.ts";
import { bpmArg, intArg, noMorePositionals, numberArg, parse, UsageError } from "./args.ts";
import { fileToWrite, patchFolder } from "./files.ts";

const USAGE =
  "usage: npx magicbus live [DIR] [--bpm B] [--seed S] [--record FILE.mid] [--journal FILE | --no-journal]\n" +
  "                         [--quantize bar|beat|loop|now] [--socket PATH | --no-socket] [--tcp PORT] [--lookahead MS]\n" +
  "                         [--synth builtin|fluidsynth [--soundfont FILE] [--synth-out FILE.wav] [--no-audio]\n" +
  "                          | --midi-out NAME|INDEX|/REGEX/ | --virtual NAME | --no-midi]\n" +
  "                         [--osc-out superdirt|superdirt:HOST:PORT|HOST:PORT] [--link [--quantum BEATS] [--link-start-stop]]\n" +
  "                         [--latency MS] [--midi-in NAME|INDEX|/REGEX/ [--clock-in]] [--clock-out]";

export async function liveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      bpm: { type: "string" },
      seed: { type: "string" },
      record: { type: "string" },
      journal: { type: "string" },
      "no-journal": { type: "boolean" },
      quantize: { type: "string" },
      socket: { type: "string" },
      "no-socket": { type: "boolean" },
      tcp: { type: "string" },
      lookahead: { type: "string" },
      "midi-out": { type: "string" },
      virtual: { type: "string" },
      synth: { type: "string" },
      "no-audio": { type: "boolean" },
      soundfont: { type: "string" },
      "synth-out": { type: "string" },
      "no-midi": { type: "boolean" },
      latency: { type: "string" },
      "midi-in": { type: "string" },
      "clock-in": { type: "boolean" },
      "clock-out": { type: "boolean" },
      "osc-out": { type: "string" },
      link: { type: "boolean" },
      quantum: { type: "string" },
      "link-start-stop": { type: "boolean" },
    },
    USAGE,
  );
  // Everything the command line says is checked before the daemon starts: once music plays, a
  // refusal would have to stop it again.
  noMorePositionals(positionals, 1);
  const dir = patchFolder(positionals[0] ?? "patches");
  const quantize = quantumArg(values.quantize);
  const portChoices = [values["midi-out"] !== undefined, values.virtual !== undefined, values.synth !== undefined, values["no-midi"] === true].filter(Boolean);
  if (portChoices.length > 1) throw new UsageError("choose one of --synth, --midi-out, --virtual, --no-midi", true);
  const synth = synthArg(values.synth);
  const toPort = values["midi-out"] !== undefined || values.virtual !== undefined || values["no-midi"] === true;
  for (const flag of ["soundfont", "synth-out", "no-audio"] as const)
    if (values[flag] !== undefined && toPort) throw new UsageError(`--${flag} is for a synth: it goes with --synth (or no port option), not with --midi-out, --virtual or --no-midi`, true);
  if (values["no-audio"] && synth === "fluidsynth") throw new UsageError("--no-audio is for the built-in synth; FluidSynth without a sound card: --synth-out FILE.wav", true);
  if (values["synth-out"] !== undefined && !/\.wav$/i.test(values["synth-out"])) throw new UsageError(`--synth-out writes a WAV file: give a name ending in .wav, got "${values["synth-out"]}"`, true);
  if (values["clock-in"] && values["midi-in"] === undefined) throw new UsageError("--clock-in follows the clock of an input: give --midi-in too", true);
  const osc = values["osc-out"] === undefined ? undefined : oscArg(values["osc-out"]);
  // OSC alone when no synth or MIDI port is named: SuperDirt makes the sound, not a second synth.
  const oscOnly = osc !== undefined && values.synth === undefined && values["midi-out"] === undefined && values.virtual === undefined;
  if (values["link-start-stop"] && !values.link) throw new UsageError("--link-start-stop follows the start and stop of an Ableton Link session: it goes with --link", true);
  if (values.quantum !== undefined && !values.link) throw new UsageError("--quantum is the bar length of an Ableton Link session: it goes with --link", true);
  const quantum = values.quantum === undefined ? 4 : intArg("quantum", values.quantum, 4, 1, 64);
  const bpm = bpmArg(values.bpm, 124);
  const latencyMs = values.latency === undefined ? undefined : numberArg("latency", values.latency, 40, 0, 1000);
  const lookaheadMs = values.lookahead === undefined ? undefined : intArg("lookahead", values.lookahead, 50, 5, 1000);
  const tcpPort = values.tcp === undefined ? undefined : intArg("tcp", values.tcp, 0, 1, 65535);
  const record = fileToWrite(values.record ?? "out.mid");
  if (values.journal !== undefined) fileToWrite(values.journal);
  if (values["synth-out"] !== undefined) fileToWrite(values["synth-out"]);

  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const c = color ? chalk : new Chalk({ level: 0 });
  let notify: (text: string) => void = (t) => console.log(t);
  let alert: (text: string) => void = (t) => console.error(t);

  const seed = values.seed ?? String(Math.floor(Math.random() * 1_000_000));
  const port = values["no-midi"] && !osc
    ? (false as const)
    : {
        ...(osc ? { osc, onOscHandshake: (t: string) => notify(c.dim(t)) } : {}),
        ...(oscOnly ? { oscOnly: true } : {}),
        ...(values["midi-out"] !== undefined ? { midiOut: values["midi-out"] } : {}),
        ...(values.virtual !== undefined ? { virtual: values.virtual } : {}),
        ...(synth !== undefined ? { synth, required: true } : {}),
        ...(values["midi-out"] !== undefined || values.virtual !== undefined ? { required: true } : {}),
        ...(values["no-audio"] ? { audio: "none" as const } : {}),
        ...(values.soundfont !== undefined ? { soundfont: values.soundfont } : {}),
        ...(values["synth-out"] !== undefined ? { synthOut: values["synth-out"] } : {}),
        ...(latencyMs !== undefined ? { latencyMs } : {}),
      };
  // The daemon loads only once the command line is good: a refusal comes at once.
  const [{ Supervisor }, { openConsole }, { SetLockedError }] = await Promise.all([
    import("../live/engine/supervisor.ts"),
    import("../live/console.ts"),
    import("../live/set-lock.ts"),
  ]);
  let supervisor: Awaited<ReturnType<typeof Supervisor.start>>;
  try {
    supervisor = await Supervisor.start({
      dir: resolve(dir),
      bpm,
      seed,
      record: resolve(record),
      journal: values["no-journal"] ? false : resolve(values.journal ?? record.replace(/\.midi?$/i, "") + ".journal.jsonl"),
      quantize,
      port,
      ...(values["midi-in"] !== undefined ? { midiIn: values["midi-in"] } : {}),
      ...(values["clock-in"] ? { clockIn: true } : {}),
      ...(values["clock-out"] ? { clockOut: true } : {}),
      ...(values.link ? { link: { quantum, ...(values["link-start-stop"] ? { startStop: true } : {}) } } : {}),
      ...(lookaheadMs !== undefined ? { lookaheadMs } : {}),
      color,
      status: process.stdin.isTTY === true && process.stdout.isTTY === true,
      ready: (s) => {
        const midi = s.output
          ? c.green(`${outputKind(s.output.description)} → ${s.output.description}, latency ${s.output.link.latencyMs} ms`) + ` · recording to ${record}`
          : values["no-midi"]
            ? c.yellow(`no live output (--no-midi) — recording to ${record}`)
            : c.yellow(`${s.noPortReason} — recording to ${record}`) + c.dim(` (--synth-out FILE.wav writes the audio; --midi-out NAME plays to a MIDI port)`);
        console.log(`${c.bold("magicbus")} · ${bpm} bpm · 4/4 · seed ${seed} · ${midi}`);
        if (s.journalPath) console.log(c.dim(`journal: ${s.journalPath} (npx magicbus replay it to render the set again)`));
      },
      say: (t) => notify(c.dim(t)),
      warn: (t) => alert(c.red(t)),
    });
  } catch (err) {
    // Another daemon plays this folder: refused like a bad command line, before any file is touched.
    if (err instanceof SetLockedError) throw new UsageError(err.message);
    throw err;
  }

  let console_;
  try {
    console_ = await openConsole(supervisor, {
      color,
      socket: values["no-socket"] ? false : (values.socket ?? true),
      ...(tcpPort !== undefined ? { tcpPort } : {}),
    });
  } catch (err) {
    // (a TCP port already taken): the set so far is saved before the error is reported
    await supervisor.quit();
    throw err;
  }
  notify = (t) => console_.notify(t);
  // On a terminal errors appear above the prompt; piped, they go to stderr where scripts look.
  alert = process.stdin.isTTY ? (t) => console_.notify(t) : (t) => console.error(t);

  let lastInterrupt = 0;
  const quit = async (code: number) => {
    await supervisor.quit();
    await console_.close();
    console.log(`set ended at ${supervisor.endedAt ?? "?"}; recording: ${record}`);
    process.exit(code);
  };
  process.on("SIGINT", () => {
    const now = Date.now();
    if (now - lastInterrupt < 2000) {
      console.error("forced exit");
      process.exit(130);
    }
    lastInterrupt = now;
    console_.notify("stopping (Ctrl-C again within 2 s forces it)");
    void quit(0);
  });
  process.on("SIGTERM", () => void quit(0));
  await console_.ended;
  await quit(0);
  return 0;
}

function outputKind(description: string): string {
  if (description.startsWith("built-in")) return "sound";
  if (description.startsWith("SuperDirt") || description.startsWith("OSC")) return "OSC";
  return "MIDI";
}

function oscArg(value: string): OscTarget {
  try {
    return parseOscTarget(value);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function synthArg(value: string | undefined): Synth | undefined {
  if (value === undefined || (SYNTHS as readonly string[]).includes(value)) return value as Synth | undefined;
  throw new UsageError(`--synth must be one of ${SYNTHS.join(", ")}, got "${value}"`);
}

function quantumArg(value: string | undefined): Quantum {
  try {
    return checkQuantum(value ?? "bar");
  } catch (err) {
    throw new UsageError(`--${(err as Error).message}`);
  }
}
