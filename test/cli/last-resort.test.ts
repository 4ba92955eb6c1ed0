/**
 * An error nobody planned for still reaches the performer as one line, `magicbus <command>: …`,
 * with exit status 1; the stack trace only with MAGICBUS_DEBUG=1.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { magicbus } from "./magicbus.ts";

const home = mkdtempSync(join(tmpdir(), "magicbus-last-resort-"));
const STACK = /\n\s+at /;

describe.concurrent("the last resort", () => {
  // /dev/full accepts the open and refuses the write: a disk full, without filling a disk.
  it.skipIf(!existsSync("/dev/full"))("a failure inside a command: one line, exit 1; MAGICBUS_DEBUG=1 adds the stack", async () => {
    const args = ["compose", "--bars", "4", "--seed", "1", "-o", "/dev/full"];
    const r = await magicbus(args, { cwd: home });
    expect(r.stderr).toBe("magicbus compose: ENOSPC: no space left on device, write\n");
    expect(r.status).toBe(1);
    const debug = await magicbus(args, { cwd: home, env: { MAGICBUS_DEBUG: "1" } });
    expect(debug.stderr).toMatch(/^magicbus compose: ENOSPC: no space left on device, write\n/);
    expect(debug.stderr).toMatch(STACK);
    expect(debug.status).toBe(1);
  });

  it("an error thrown outside the command's own awaits (a patch's stray promise): one line, exit 1", async () => {
    const patch = join(home, "stray.ts");
    writeFileSync(
      patch,
      `export default patch(() => {\n  euclid("stray_rhythm", { steps: 8, pulses: 3, trigger: "stray_hit" });\n  void Promise.reject(new Error("a promise nobody waited for"));\n});\n`,
    );
    const r = await magicbus(["render", patch, "--bars", "1", "-o", join(home, "stray.mid")], { cwd: home });
    expect(r.stderr).toBe("magicbus render: a promise nobody waited for\n");
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(1);
  });
});
