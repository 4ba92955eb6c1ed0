/**
 * The status line's last reload names a file that exists: a broken save shows ✗ with the file,
 * and when that file is removed the ✗ goes with it (it would say something is broken that is gone).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { statusLine } from "../../src/live/status.ts";

const good = `export default patch(() => {\n  euclid("euc", { steps: 8, pulses: 3, trigger: "hit" });\n});\n`;

describe("the status line's last reload", () => {
  it("shows ✗ for a broken save and forgets it when the file is removed", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-status-"));
    const dir = join(home, "patches");
    mkdirSync(dir);
    writeFileSync(join(dir, "good.ts"), good);
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "out.mid"), watch: false, say: () => {}, warn: () => {}, flushMs: 0 });
    await d.session.system.runUntilTick(PPQ);
    const bad = join(dir, "bad.ts");
    writeFileSync(bad, `export default patch(() => {\n  euclid("x", { steps: [1, 2 });\n});\n`);
    await d.fileChanged({ kind: "added", path: bad, at: 0 });
    expect(statusLine(d, false)).toMatch(/✗ bad\.ts/);

    rmSync(bad);
    await d.fileChanged({ kind: "removed", path: bad, at: 0 });
    const line = statusLine(d, false);
    expect(line).not.toMatch(/bad\.ts/);
    expect(line).toMatch(/1 node\b/);

    // A good save is shown again as before.
    writeFileSync(join(dir, "good.ts"), good.replace("pulses: 3", "pulses: 5"));
    await d.fileChanged({ kind: "changed", path: join(dir, "good.ts"), at: 0 });
    expect(statusLine(d, false)).toMatch(/⟳ good\.ts/);
    await d.quit();
  });
});
