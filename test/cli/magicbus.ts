/**
 * `magicbus` run as a performer runs it: a real process on src/cli/bin.js. Every process is ended
 * by its pid when the test is done with it, whether it exited or not.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const BIN = resolve(import.meta.dirname, "../../src/cli/bin.js");

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Killed after this long (a command that should have refused to start, but started). */
  timeoutMs?: number;
}

export function magicbus(args: string[], o: RunOptions = {}): Promise<Ran> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: o.cwd,
    env: { ...process.env, NO_COLOR: "1", MAGICBUS_DEBUG: "", ...o.env },
    stdio: "pipe",
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin.on("error", () => {}); // it may exit before reading
  child.stdin.end(o.input ?? "");
  const timer = setTimeout(() => process.kill(child.pid!, "SIGKILL"), o.timeoutMs ?? 15_000);
  return new Promise((done) =>
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    }),
  );
}
