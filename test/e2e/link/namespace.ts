/**
 * Link tests run inside a network namespace of their own, where loopback is the only interface and
 * multicast goes nowhere else: `unshare -n` (as root; `-rn` maps a user to root in a user namespace
 * of its own), loopback up with multicast on and a route for 224.0.0.0/4. A scenario script runs
 * inside it and prints one JSON line of what it measured; the test (outside) checks that.
 * The namespace's processes are one process group (setsid), ended together by id.
 */
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";

/** Why a namespace cannot be made here (undefined: it can). */
export function namespaceProblem(): string | undefined {
  const r = spawnSync("unshare", [...unshareArgs(), "true"], { encoding: "utf8" });
  if (r.error) return `unshare is missing (${r.error.message})`;
  if (r.status !== 0) return `unshare -n is not permitted here: ${r.stderr.trim()}`;
  return undefined;
}

function unshareArgs(): string[] {
  return process.getuid?.() === 0 ? ["-n"] : ["-rn"];
}

/** Run `scenario.ts NAME` inside a new network namespace; resolves with its JSON line and its output. */
export function runInNamespace(name: string, timeoutMs: number): Promise<{ result: Record<string, unknown> | undefined; output: string }> {
  const script = resolve("test/e2e/link/scenario.ts");
  const child = spawn("unshare", [...unshareArgs(), "--", process.execPath, "--import", "tsx", script, name], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    cwd: resolve("."),
    env: { ...process.env, NO_COLOR: "1" },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
  return new Promise((done) => {
    const timer = setTimeout(() => kill(), timeoutMs);
    const kill = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
    };
    child.on("exit", () => {
      clearTimeout(timer);
      kill(); // whatever the scenario left behind in its group
      const line = output.split("\n").find((l) => l.startsWith("{\"scenario\""));
      done({ result: line ? (JSON.parse(line) as Record<string, unknown>) : undefined, output });
    });
  });
}
