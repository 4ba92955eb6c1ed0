/**
 * The performer's console: the REPL on this terminal (or stdin when piped) and, for a second
 * terminal, on the daemon's Unix socket. Line editing, history and the prompt live here, on the
 * supervisor's thread; every line runs in the engine playing now, so a line that runs away is
 * stopped with the engine and this terminal never freezes. The prompt is the status line
 * (position, tempo, nodes, last reload), redrawn in place without touching what is being typed.
 */
import { randomBytes } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Supervisor } from "./engine/supervisor.ts";
import { ReplSession, type Evaluator, type ReplCommand } from "./repl/conversation.ts";
import { defaultSocketPath, ReplServer } from "./repl/socket-server.ts";

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

export async function openConsole(s: Supervisor, o: ConsoleOptions): Promise<Console> {
  let end!: () => void;
  const ended = new Promise<void>((r) => (end = r));
  s.onQuitAsked(() => end());
  const evaluator = (color: boolean): Evaluator => ({
    evaluate: async (input, complete) => {
      const reply = await s.evaluate(input, color);
      if (!reply.incomplete) complete?.(); // (the engine journals the line; here it is only shown)
      return reply;
    },
  });
  const commands = (main: boolean, detach: () => void): Record<string, ReplCommand> => {
    const all: Record<string, ReplCommand> = {};
    for (const [name, help] of Object.entries(s.commands)) all[name] = { help, run: (args, out) => s.command(name, args, out) };
    // From a second terminal, .quit leaves that terminal; only the set's own terminal ends the set.
    if (!main) all.quit = { help: "detach this terminal (the set plays on; end it from the daemon's own terminal)", run: () => detach() };
    return all;
  };

  const sessions = new Set<ReplSession>();
  let main: ReplSession | undefined;
  const open = (input: NodeJS.ReadableStream, output: NodeJS.WritableStream, terminal: boolean, isMain: boolean) => {
    const color = o.color && terminal;
    let session!: ReplSession;
    session = new ReplSession({
      input,
      output,
      terminal,
      evaluator: evaluator(color),
      commands: commands(isMain, () => session.close()),
      // (Coloured as the daemon's own terminal is: only a terminal shows a prompt.)
      prompt: () => s.status || "› ",
      complete: (line) => s.complete(line),
      ...(terminal && isMain ? { historyFile: join(homedir(), ".magicbus_history") } : {}),
      color,
      // What a second terminal does is shown on the set's own terminal.
      ...(isMain ? {} : { onLine: (line: string) => main?.notify(`(second terminal) ${line}`) }),
      onClose: () => {
        sessions.delete(session);
        if (isMain) end();
      },
    });
    sessions.add(session);
    return session;
  };

  const input = o.input ?? process.stdin;
  const output = o.output ?? process.stdout;
  const terminal = (input as NodeJS.ReadStream).isTTY === true && (output as NodeJS.WriteStream).isTTY === true;
  main = open(input, output, terminal, true);

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
    main.notify(`REPL also on 127.0.0.1:${o.tcpPort}: npx magicbus repl --tcp ${o.tcpPort} --token ${token}`);
  }

  // The status line moves with the music: redraw it when it changes (a terminal only: piped
  // sessions have no prompt to redraw).
  let shown = "";
  const timer = terminal
    ? setInterval(() => {
        if (s.status !== shown) main!.refreshPrompt();
        shown = s.status;
      }, 50)
    : undefined;
  timer?.unref();

  return {
    notify: (text) => {
      if (sessions.size === 0) return void output.write(text + "\n");
      for (const session of sessions) session.notify(text);
    },
    ended,
    close: async () => {
      if (timer) clearInterval(timer);
      for (const session of sessions) session.close();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
