/** Dispatches `magicbus COMMAND …` to the command's module (loaded lazily: start-up stays fast). */
import { readFileSync } from "node:fs";
import { report, reportUncaught } from "./report.ts";

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  live: {
    summary: "live [DIR] [--bpm B] [--seed S] [--record F] [--quantize Q] [--midi-out P | --virtual N | --synth] …   the live daemon",
    run: async (argv) => (await import("./live.ts")).liveCommand(argv),
  },
  replay: {
    summary: "replay JOURNAL.jsonl [-o OUT.mid|OUT.wav] [--soundfont F]   render a journaled set again, note for note",
    run: async (argv) => (await import("./replay.ts")).replayCommand(argv),
  },
  render: {
    summary: "render PATCH [--bars N] [--bpm B] [--seed S] [-o OUT.mid|OUT.wav] [--soundfont F]   render one patch offline",
    run: async (argv) => (await import("./render.ts")).renderCommand(argv),
  },
  repl: {
    summary: "repl [--socket PATH] [--tcp PORT --token T]   attach to the running daemon's REPL",
    run: async (argv) => (await import("./repl.ts")).replCommand(argv),
  },
  ports: {
    summary: "ports [--thread]   list MIDI outputs and inputs (--thread: check the output thread's timing)",
    run: async (argv) => (await import("./ports.ts")).portsCommand(argv),
  },
  compose: {
    summary:
      "compose [--archetype NAME | --character e,d,x,l,v] [--pianist NAME] [--bars N] [--key K] [--mode M] [--seed S] [-o OUT.mid|OUT.wav] [--soundfont F] [--json] [--svg F] [--count N] [--list]   compose a piano piece (MIL)",
    run: async (argv) => (await import("./compose.ts")).composeCommand(argv),
  },
  pattern: {
    summary: 'pattern "MINI-NOTATION" [--cycles N] [--from C] [--seed S] [--json]   the events a pattern plays, exact, as JSON or a grid',
    run: async (argv) => (await import("./pattern.ts")).patternCommand(argv),
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V") {
    console.log(`magicbus ${version()}`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`magicbus: unknown command "${name}"; the commands are ${Object.keys(commands).join(", ")} (npx magicbus --help)`);
    return 2;
  }
  reportUncaught(name);
  try {
    return await command.run(rest);
  } catch (err) {
    return report(name, err);
  }
}

function usage(): string {
  const lines = Object.values(commands).map((c) => `  npx magicbus ${c.summary}`);
  return `usage:\n${lines.join("\n")}\n  npx magicbus --version\nnpx magicbus COMMAND --help shows a command's options.`;
}

/** From package.json, so there is one place to bump it. */
function version(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
