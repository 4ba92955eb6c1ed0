/** Issue 11, item 4: a second daemon on the same folder is refused before it touches any file. */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeHome, startDaemon } from "./launcher.ts";

const patch = `export default patch(() => {\n  euclid("euc", { steps: 8, pulses: 3, trigger: "hit" });\n  arp("arp", { trigger: "hit", degrees: [0, 2], gate: 0.2 });\n});\n`;

describe("one daemon per folder", () => {
  it("a second `magicbus live` on the same patches is refused in one line, and the first set's journal is untouched", async () => {
    const { home } = makeHome("twice", { "a.ts": patch });
    const first = startDaemon(home, ["--bpm", "240", "--seed", "2", "--no-socket"]);
    try {
      await first.waitFor(/a\.ts: \+euc \+arp/);
      const journal = join(home, "set.journal.jsonl");
      const header = readFileSync(journal, "utf8").split("\n")[0];
      const second = startDaemon(home, ["--bpm", "100", "--seed", "9", "--no-socket"]);
      try {
        expect(await second.exited).toBe(2);
        expect(second.err).toMatch(/already playing .*patches\/ and recording to set\.mid/);
        expect(second.err).toMatch(/npx magicbus repl/);
        expect(second.err.trim().split("\n")).toHaveLength(1);
      } finally {
        second.kill();
      }
      expect(readFileSync(journal, "utf8").split("\n")[0]).toBe(header);
      expect(header).toMatch(/"seed":"2"/);
      first.send(".quit");
      expect(await first.exited).toBe(0);
      expect(statSync(join(home, "set.mid")).size).toBeGreaterThan(0);
    } finally {
      first.kill();
    }
  }, 20_000);
});
