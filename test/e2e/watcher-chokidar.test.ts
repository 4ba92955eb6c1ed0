/**
 * The watcher on the real file system through chokidar (real time: it waits for the OS's events,
 * so it lives in the "live" project; the debouncing itself is tested on a manual clock in
 * test/live/watcher.test.ts). A file already there at start is not reported; a new file, a write
 * and a delete each are, once, with the file's absolute path.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Watcher, type WatchEvent } from "../../src/live/watcher.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-watch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Watcher with chokidar", () => {
  it("reports a new file, a write and a delete in the watched folder", async () => {
    writeFileSync(join(dir, "old.ts"), "// here before the watcher\n");
    const seen: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    const watcher = new Watcher([dir], (e) => {
      seen.push(e);
      wake?.();
    });
    /** Wait until `n` events have arrived (or give up after 5 s, and let the assertion say what came). */
    const events = (n: number) =>
      new Promise<void>((ok) => {
        const give = setTimeout(ok, 5000);
        wake = () => {
          if (seen.length >= n) {
            clearTimeout(give);
            ok();
          }
        };
        wake();
      });
    try {
      await watcher.ready;
      const file = join(dir, "new.ts");
      writeFileSync(file, "export default 1;\n");
      await events(1);
      writeFileSync(file, "export default 2;\n");
      await events(2);
      unlinkSync(file);
      await events(3);
      expect(seen.map((e) => [e.kind, e.path])).toEqual([
        ["added", file],
        ["changed", file],
        ["removed", file],
      ]);
      expect(seen.every((e, i) => i === 0 || e.at >= seen[i - 1]!.at)).toBe(true);
    } finally {
      await watcher.close();
    }
  });
});
