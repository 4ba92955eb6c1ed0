/** `magicbus ports` from the real command line: the output thread boots through tsx from bin.js too. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../src/cli/bin.js", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 20_000 });

describe("magicbus ports", () => {
  it("lists outputs and inputs or says in one line why there are none, then checks the output thread", () => {
    const r = run("ports", "--thread");
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^(MIDI: .+|outputs:.*)$/);
    expect(r.stdout).toMatch(/^synth: /m);
    expect(r.stdout).toMatch(/^output thread: (SCHED_FIFO 10|normal \(.+\)); wake-up lateness p99\.5 [\d.]+ ms → spin window [\d.]+ ms; latency 40 ms$/m);
  });

  it("rejects an unknown option in one line that points to --help", () => {
    const r = run("ports", "--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("magicbus ports: unknown option --bogus (npx magicbus ports --help)\n");
  });

  it("is in the command list", () => {
    expect(run("help").stdout).toContain("magicbus ports [--thread]");
  });
});
