/**
 * Starting the real daemon for end-to-end tests: a temporary home with a patches/ folder, the
 * daemon spawned on it with its REPL on a pipe, its output collected, and a wait for what it says.
 * Tests end the process they started by its pid (SIGKILL in a finally), never by name.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const bin = resolve("src/cli/bin.js");

export class RunningDaemon {
  out = "";
  err = "";
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding("utf8").on("data", (d: string) => (this.out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (this.err += d));
    this.exited = new Promise((ok) => child.on("exit", (code) => ok(code)));
  }
  send(line: string): void {
    this.child.stdin.write(line + "\n");
  }
  /** Wait until stdout+stderr match `re`; returns the match. */
  async waitFor(re: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const start = Date.now();
    for (;;) {
      const m = (this.out + "\n" + this.err).match(re);
      if (m) return m;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${re}\nstdout:\n${this.out}\nstderr:\n${this.err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

/** Write `files` under a new temporary home's patches/ folder. */
export function makeHome(prefix: string, files: Record<string, string>): { home: string; dir: string } {
  const home = mkdtempSync(join(tmpdir(), `magicbus-${prefix}-`));
  const dir = join(home, "patches");
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { home, dir };
}

/** Start `magicbus live <home>/patches --record set.mid …args` in `home`. */
export function startDaemon(home: string, args: string[]): RunningDaemon {
  const child = spawn(process.execPath, [bin, "live", join(home, "patches"), "--record", "set.mid", ...args], {
    cwd: home,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return new RunningDaemon(child);
}
