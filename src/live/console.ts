/**
 * The performer's console: the REPL on this terminal (or stdin when piped) and, for a second
 * terminal, on the daemon's Unix socket — each a session over the same scope and dot-commands.
 * The prompt is the status line (position, tempo, nodes, last reload), redrawn in place every
 * beat without touching what is being typed.
 */
import { randomBytes } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Daemon } from "./daemon.ts";
import { performerCommands, performerScope } from "./performer.ts";
import { ReplEvaluator } from "./repl/evaluator.ts";
import { ReplSession } from "./repl/session.ts";
import { defaultSocketPath, ReplServer } from "./repl/socket-server.ts";
import { statusLine } from "./status.ts";

export interface ConsoleOptions {
  color: boolean;
  /** true: the default socket path; a path; false: no socket. */
  socket: string | boolean;
  /** Also listen on 127.0.0.1:PORT, with a token (printed). */
  tcpPort?: number;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface Console {
  notify(text: string): void;
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

export async function openConsole(d: Daemon, o: ConsoleOptions): Promise<Console> {
  const prelude = await d.loader.preludeExports();
  const evaluator = new ReplEvaluator(() => performerScope(d, prelude));
  let end!: () => void;
  const ended = new Promise<void>((r) => (end = r));
  const commands = performerCommands(d, () => end());
  const completions = () => [
    ...d.session.system.names(),
    ...d.patchNodes().flatMap((n) => {
      const node = d.session.system.node(n) as { paramNames?: () => string[] };
      return (node.paramNames?.() ?? []).map((p) => `${n}.${p}`);
    }),
  ];
  const sessions = new Set<ReplSession>();
  const open = (input: NodeJS.ReadableStream, output: NodeJS.WritableStream, terminal: boolean, main: boolean) => {
    const session: ReplSession = new ReplSession({
      input,
      output,
      terminal,
      evaluator,
      commands,
      prompt: () => statusLine(d, o.color && terminal),
      completions,
      ...(terminal && main ? { historyFile: join(homedir(), ".magicbus_history") } : {}),
      color: o.color && terminal,
      onLine: (line) => d.noteLine(line),
      onClose: () => {
        sessions.delete(session);
        if (main) end();
      },
    });
    sessions.add(session);
    return session;
  };

  const input = o.input ?? process.stdin;
  const output = o.output ?? process.stdout;
  const terminal = (input as NodeJS.ReadStream).isTTY === true && (output as NodeJS.WriteStream).isTTY === true;
  const main = open(input, output, terminal, true);

  const servers: ReplServer[] = [];
  if (o.socket !== false) {
    const path = typeof o.socket === "string" ? o.socket : defaultSocketPath();
    try {
      servers.push(await ReplServer.listen(path, (io) => open(io.input, io.output, false, false)));
      main.notify(`second terminal: npx magicbus repl${typeof o.socket === "string" ? ` --socket ${path}` : ""}`);
    } catch (err) {
      main.notify(`no REPL socket: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (o.tcpPort !== undefined) {
    const token = randomBytes(16).toString("hex");
    servers.push(await ReplServer.listenTcp(o.tcpPort, token, (io) => open(io.input, io.output, false, false)));
    main.notify(`REPL also on 127.0.0.1:${o.tcpPort}: magicbus repl --tcp ${o.tcpPort} --token ${token}`);
  }

  // The status line moves with the music: redraw it when the beat changes (a terminal only:
  // piped sessions have no prompt to redraw).
  let shown = "";
  const timer = terminal
    ? setInterval(() => {
        const s = statusLine(d, false);
        if (s !== shown) main.refreshPrompt();
        shown = s;
      }, 50)
    : undefined;
  timer?.unref();

  return {
    notify: (text) => {
      if (sessions.size === 0) return void output.write(text + "\n");
      for (const s of sessions) s.notify(text);
    },
    ended,
    close: async () => {
      if (timer) clearInterval(timer);
      for (const s of sessions) s.close();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}


