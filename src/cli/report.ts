/**
 * How a command's failure reaches the performer: one line, `magicbus <command>: …`, and an exit
 * status that tells scripts what kind it was. A stack trace helps whoever debugs magicbus, not
 * whoever plays it, so it appears only with MAGICBUS_DEBUG=1.
 */
import { HelpRequested, UsageError } from "./args.ts";

export interface ReportStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const PROCESS: ReportStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Say what a command threw; returns the exit status: 0 help, 2 bad command line, 1 anything else. */
export function report(command: string, err: unknown, io: ReportStreams = PROCESS): number {
  if (err instanceof HelpRequested) {
    io.stdout.write(`${err.usage}\n`);
    return 0;
  }
  if (err instanceof UsageError) {
    const help = err.pointToHelp ? ` (npx magicbus ${command} --help)` : "";
    io.stderr.write(`magicbus ${command}: ${err.message}${help}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`magicbus ${command}: ${message.split("\n")[0]}\n`);
  if (io.env.MAGICBUS_DEBUG === "1" && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 1;
}

/**
 * The last resort: an exception thrown outside any await of the command (a timer, a stray
 * promise) ends the process the way Node would, with status 1, but in one line.
 */
export function reportUncaught(command: string): void {
  const fail = (err: unknown) => process.exit(report(command, err) || 1);
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}
