/** `magicbus repl [--socket PATH] [--tcp PORT --token T]`: attach this terminal to a running daemon. */
import { homedir } from "node:os";
import { join } from "node:path";
import { attach, attachTcp, defaultSocketPath } from "../live/repl/socket-client.ts";
import { intArg, noMorePositionals, parse, UsageError } from "./args.ts";

const USAGE = "usage: npx magicbus repl [--socket PATH] | [--tcp PORT --token T]   (or the token in $MAGICBUS_TOKEN)";

export async function replCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { socket: { type: "string" }, tcp: { type: "string" }, token: { type: "string" } }, USAGE);
  noMorePositionals(positionals);
  const historyFile = join(process.env.XDG_STATE_HOME ?? join(homedir(), ".local", "state"), "magicbus", "repl_history");
  if (values.tcp !== undefined) {
    if (values.socket !== undefined) throw new UsageError("--socket and --tcp exclude each other", true);
    const port = intArg("tcp", values.tcp, 0, 1, 65535);
    const token = values.token ?? process.env.MAGICBUS_TOKEN;
    if (!token) throw new UsageError("--tcp needs --token T (or $MAGICBUS_TOKEN): the daemon printed it when it started");
    return await detachStdin(attachTcp(port, token, { historyFile }));
  }
  if (values.token !== undefined) throw new UsageError("--token goes with --tcp", true);
  return await detachStdin(attach(values.socket ?? defaultSocketPath(), { historyFile }));
}

/** After .quit the terminal or pipe may still be open; it must not keep the process alive. */
async function detachStdin(session: Promise<number>): Promise<number> {
  try {
    return await session;
  } finally {
    process.stdin.destroy();
  }
}
