/**
 * A program that opens the output itself (a benchmark, an embedding tool) and hands it to the
 * supervisor: the first engine must play into it. The supervisor otherwise opens the output while
 * that engine loads the set, and an output handed in already open once reached no engine at all:
 * the set ran, and not one note went out.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Supervisor } from "../../src/live/engine/supervisor.ts";
import type { OpenOutput } from "../../src/output/open-output.ts";
import { OutputThread } from "../../src/output/output-thread.ts";

const pulse = `export default patch(() => {
  euclid("pulse", { steps: 16, pulses: 16, trigger: "step" });
  arp("lead", { trigger: "step", degrees: [0, 2, 4], gate: 0.2, channel: 0 });
});
`;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("plays into an output that was handed in already open", async () => {
  const thread = await OutputThread.start({ port: { kind: "fake" }, latencyMs: 40, realtime: false });
  const output: OpenOutput = { link: thread, description: "recording port", close: async () => {} };
  const home = mkdtempSync(join(tmpdir(), "magicbus-open-output-"));
  const dir = join(home, "patches");
  mkdirSync(dir);
  writeFileSync(join(dir, "pulse.ts"), pulse);
  const s = await Supervisor.start({
    dir,
    bpm: 240,
    seed: 1,
    record: join(home, "set.mid"),
    journal: join(home, "set.journal.jsonl"),
    quantize: "bar",
    say: () => {},
    warn: () => {},
    port: false,
    output,
    color: false,
  });
  try {
    // Two bars at 240 bpm: 32 sixteenths.
    await pause(2500);
  } finally {
    await s.quit();
  }
  const { recorded = [] } = await thread.close();
  const noteOns = recorded.filter((m) => (m.bytes[0]! & 0xf0) === 0x90 && m.bytes[2]! > 0);
  expect(noteOns.length).toBeGreaterThanOrEqual(16);
  // Every note-on has its note-off: quitting ends what the engine started.
  const noteOffs = recorded.filter((m) => (m.bytes[0]! & 0xf0) === 0x80 || ((m.bytes[0]! & 0xf0) === 0x90 && m.bytes[2] === 0));
  expect(noteOffs.length).toBeGreaterThanOrEqual(noteOns.length);
}, 30_000);
