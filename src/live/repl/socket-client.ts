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
import { abandonLine, printAbovePrompt } from "./terminal.ts";

export { defaultSocketPath } from "./socket-path.ts";

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
  return run(() => createConnection(path), path, undefined, io);
}

/** Attach over TCP on 127.0.0.1: the token is sent as the first line. */
export function attachTcp(port: number, token: string, io: AttachStreams = {}): Promise<number> {
  return run(() => createConnection({ host: "127.0.0.1", port }), `127.0.0.1:${port}`, token, io);
}

async function run(connect: () => Socket, where: string, token: string | undefined, io: AttachStreams): Promise<number> {
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
        ? `no magicbus daemon at ${where} (start one with \`npm start\`)\n`
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

    const rl = createInterface({
      input,
      output: terminal ? output : undefined,
      terminal,
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
      if (cut >= 0) printAbovePrompt(rl, output, text.slice(0, cut + 1));
    });
    socket.on("close", () => {
      if (partial) output.write(`${partial}\n`);
      const byDaemon = !inputEnded;
      rl.close();
      if (terminal && byDaemon && !rejected) errors.write(`\nthe daemon at ${where} closed the connection\n`);
      resolve(rejected || (lost && !detached) ? 1 : 0);
    });
    if (terminal) {
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
  });
}
