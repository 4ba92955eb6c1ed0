/**
 * `magicbus live DIR`: the daemon, with the REPL on this terminal (or on stdin when piped) and on
 * a Unix socket for `magicbus repl` from a second terminal.
 */
import chalk, { Chalk } from "chalk";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { Supervisor } from "../live/engine/supervisor.ts";
import { SetLockedError } from "../live/set-lock.ts";
import { openConsole } from "../live/console.ts";
import { checkQuantum } from "../live/quantize.ts";
import { intArg, numberArg, parse, UsageError } from "./args.ts";

const USAGE =
  "usage: magicbus live [DIR] [--bpm B] [--seed S] [--record FILE.mid] [--journal FILE | --no-journal]\n" +
  "                     [--quantize bar|beat|loop|now] [--socket PATH | --no-socket] [--tcp PORT] [--lookahead MS]\n" +
  "                     [--midi-out NAME|INDEX|/REGEX/ | --virtual NAME | --synth [--soundfont SF2] [--synth-out FILE.raw] | --no-midi]\n" +
  "                     [--latency MS] [--midi-in NAME|INDEX|/REGEX/ [--clock-in]] [--clock-out]";

export async function liveCommand(argv: string[]): Promise<number> {
  let values, dir: string;
  try {
    const parsed = parse(
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
        synth: { type: "boolean" },
        soundfont: { type: "string" },
        "synth-out": { type: "string" },
        "no-midi": { type: "boolean" },
        latency: { type: "string" },
        "midi-in": { type: "string" },
        "clock-in": { type: "boolean" },
        "clock-out": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      USAGE,
    );
    values = parsed.values;
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [d, ...extra] = parsed.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"\n${USAGE}`);
    dir = d ?? "patches";
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no patch folder "${dir}"\n${USAGE}`);
    if (values.quantize !== undefined) checkQuantum(values.quantize);
    const portChoices = [values["midi-out"] !== undefined, values.virtual !== undefined, values.synth === true, values["no-midi"] === true].filter(Boolean);
    if (portChoices.length > 1) throw new UsageError(`choose one of --midi-out, --virtual, --synth, --no-midi\n${USAGE}`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof RangeError) {
      console.error(`magicbus live: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const bpm = numberArg("bpm", values.bpm, 124, 1, 999);
  const record = values.record ?? "out.mid";
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const c = color ? chalk : new Chalk({ level: 0 });
  let notify: (text: string) => void = (t) => console.log(t);
  let alert: (text: string) => void = (t) => console.error(t);

  const seed = values.seed ?? String(Math.floor(Math.random() * 1_000_000));
  const port = values["no-midi"]
    ? (false as const)
    : {
        ...(values["midi-out"] !== undefined ? { midiOut: values["midi-out"] } : {}),
        ...(values.virtual !== undefined ? { virtual: values.virtual } : {}),
        ...(values.synth ? { synth: true } : {}),
        ...(values.soundfont !== undefined ? { soundfont: values.soundfont } : {}),
        ...(values["synth-out"] !== undefined ? { synthOut: values["synth-out"] } : {}),
        ...(values.latency !== undefined ? { latencyMs: numberArg("latency", values.latency, 40, 0, 1000) } : {}),
      };
  if (values["clock-in"] && values["midi-in"] === undefined) {
    console.error(`magicbus live: --clock-in follows the clock of an input: give --midi-in too\n${USAGE}`);
    return 2;
  }
  let supervisor: Supervisor;
  try {
    supervisor = await Supervisor.start({
      dir: resolve(dir),
      bpm,
      seed,
      record: resolve(record),
      journal: values["no-journal"] ? false : resolve(values.journal ?? record.replace(/\.midi?$/i, "") + ".journal.jsonl"),
      quantize: checkQuantum(values.quantize ?? "bar"),
      port,
      ...(values["midi-in"] !== undefined ? { midiIn: values["midi-in"] } : {}),
      ...(values["clock-in"] ? { clockIn: true } : {}),
      ...(values["clock-out"] ? { clockOut: true } : {}),
      ...(values.lookahead ? { lookaheadMs: intArg("lookahead", values.lookahead, 50, 5, 1000) } : {}),
      color,
      ready: (s) => {
        const midi = s.output
          ? c.green(`MIDI → ${s.output.description}, latency ${s.output.link.latencyMs} ms`) + ` · recording to ${record}`
          : c.yellow(`no MIDI port (${s.noPortReason}) — recording to ${record}`);
        console.log(`${c.bold("magicbus")} · ${bpm} bpm · 4/4 · seed ${seed} · ${midi}`);
        if (s.journalPath) console.log(c.dim(`journal: ${s.journalPath} (npx magicbus replay it to render the set again)`));
      },
      say: (t) => notify(c.dim(t)),
      warn: (t) => alert(c.red(t)),
    });
  } catch (err) {
    if (err instanceof SetLockedError) {
      console.error(`magicbus live: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const console_ = await openConsole(supervisor, {
    color,
    socket: values["no-socket"] ? false : (values.socket ?? true),
    ...(values.tcp ? { tcpPort: intArg("tcp", values.tcp, 0, 1, 65535) } : {}),
  });
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
