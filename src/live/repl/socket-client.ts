/**
 * `magicbus repl`: attach a terminal to a running daemon. The client does the line editing
 * (readline, history, its own "› " prompt) and sends whole lines; the daemon's session runs with
 * terminal false and sends back plain text (results, errors, notices), which the client prints
 * above its prompt. `.quit` / `.exit`, Ctrl-D and Ctrl-C on an empty line detach; the daemon keeps playing.
 */
import { createConnection, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";
import { HISTORY_SIZE, historySaver, loadHistory } from "./history.ts";
import { askTab, readTab } from "./remote-tab.ts";
import { defaultSocketPath } from "./socket-path.ts";
import { abandonLine, printAbovePrompt } from "./terminal.ts";

export { defaultSocketPath };

export interface AttachStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Where "no daemon" and other client messages go (default process.stderr). */
  errors?: NodeJS.WritableStream;
  /** Line editing and a prompt (default: whether input is a TTY). */
  terminal?: boolean;
  /** TTY only: the client's persistent history. */
  historyFile?: string;
}

const PROMPT = "› ";
const DETACH = /^\s*\.(quit|exit)\s*$/;

/** Attach to the daemon's Unix socket; resolves to the exit code (0 detached, 1 no daemon or lost). */
export function attach(path: string, io: AttachStreams = {}): Promise<number> {
  const start = path === defaultSocketPath() ? "`npx magicbus live patches/` (or `npm start`)" : `\`npx magicbus live patches/ --socket ${path}\``;
  return run(() => createConnection(path), { where: path, start }, undefined, io);
}

/** Attach over TCP on 127.0.0.1: the token is sent as the first line. */
export function attachTcp(port: number, token: string, io: AttachStreams = {}): Promise<number> {
  const address = { where: `127.0.0.1:${port}`, start: `\`npx magicbus live patches/ --tcp ${port}\`` };
  return run(() => createConnection({ host: "127.0.0.1", port }), address, token, io);
}

/** Where the daemon should be, and the command that starts one there (for the newcomer who has none). */
interface Address {
  where: string;
  start: string;
}

async function run(connect: () => Socket, address: Address, token: string | undefined, io: AttachStreams): Promise<number> {
  const { where } = address;
  const input = io.input ?? process.stdin;
  const output = io.output ?? process.stdout;
  const errors = io.errors ?? process.stderr;
  const terminal = io.terminal ?? Boolean((input as { isTTY?: boolean }).isTTY);

  const socket = connect();
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    errors.write(
      code === "ENOENT" || code === "ECONNREFUSED"
        ? `magicbus repl: no daemon is running at ${where}; start one in another terminal with ${address.start}\n`
        : `magicbus repl: cannot attach to ${where}: ${(err as Error).message}\n`,
    );
    return 1;
  }
  if (token !== undefined) socket.write(`${token}\n`);

  return new Promise<number>((resolve) => {
    let lost = false;
    let detached = false;
    let inputEnded = false;
    let rejected = false;
    let received = false;
    socket.on("error", () => (lost = true));

    // Tab asks the daemon (the names live there); answers come back in order, one line each.
    const waitingTabs: Array<(r: [string[], string]) => void> = [];
    const completer = (line: string, done: (err: null, r: [string[], string]) => void) => {
      if (socket.destroyed) return done(null, [[], line]);
      waitingTabs.push((r) => done(null, r));
      socket.write(askTab(line));
    };
    const rl = createInterface({
      input,
      output: terminal ? output : undefined,
      terminal,
      ...(terminal ? { completer } : {}),
      history: terminal && io.historyFile ? loadHistory(io.historyFile) : [],
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
    });
    if (terminal && io.historyFile) rl.on("history", historySaver(io.historyFile));
    const detach = () => {
      detached = true;
      rl.close();
    };
    rl.on("line", (line) => {
      if (DETACH.test(line)) return detach();
      if (!socket.destroyed) socket.write(`${line}\n`);
      if (terminal) rl.prompt();
    });
    rl.on("SIGINT", () => (rl.line.length > 0 ? (abandonLine(rl, output), rl.prompt()) : detach()));
    // End of our input or .quit: half-close, so the daemon still answers what was sent, then closes.
    rl.on("close", () => {
      inputEnded = true;
      socket.end();
    });

    const decoder = new StringDecoder("utf8");
    let partial = "";
    socket.on("data", (chunk: Buffer) => {
      if (!received && token !== undefined && chunk.toString("utf8").startsWith("magicbus: wrong token")) {
        rejected = true;
        errors.write(`magicbus repl: the daemon at ${where} refused the token\n`);
        return;
      }
      received = true;
      if (!terminal || inputEnded) {
        output.write(decoder.write(chunk));
        return;
      }
      const text = partial + decoder.write(chunk);
      const cut = text.lastIndexOf("\n");
      partial = text.slice(cut + 1);
      if (cut < 0) return;
      const shown = text
        .slice(0, cut + 1)
        .split(/(?<=\n)/)
        .filter((l) => {
          const answer = readTab<[string[], string]>(l.replace(/\n$/, ""));
          if (answer !== undefined) waitingTabs.shift()?.(answer);
          return answer === undefined;
        })
        .join("");
      if (shown) printAbovePrompt(rl, output, shown);
    });
    socket.on("close", () => {
      if (partial) output.write(`${partial}\n`);
      const byDaemon = !inputEnded;
      rl.close();
      if (terminal && byDaemon && !rejected) errors.write(`\nthe daemon at ${where} closed the connection\n`);
      resolve(rejected || (lost && !detached) ? 1 : 0);
    });
    if (terminal) {
      // Piped input gets no greeting: its stdout is the answers, for a script to read.
      output.write(`attached to the daemon at ${where} · .quit or Ctrl-D detaches; the set keeps playing\n`);
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
  });
}
