/**
 * Issue 11, item 5: a node that throws while playing is reported with the file and line of its
 * patch; `.nodes` and the status line show it stopped, not playing.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { performerCommands } from "../../src/live/performer.ts";
import { statusLine } from "../../src/live/status.ts";

const BAR = 4 * PPQ;
const flaky = `import { TriggerEvent, type EventBus } from "magicbus";

class Flaky {
  hits = 0;
  constructor(public bus: EventBus) {}
  async start() {
    for await (const ev of await this.bus.subscribe(TriggerEvent, { where: (e) => e.name === "hit" })) {
      if (++this.hits === 10) throw new Error(\`flaky failed at hit \${this.hits} (\${ev.name})\`);
    }
  }
}

export default patch(({ bus }) => {
  euclid("euc", { steps: 8, pulses: 4, trigger: "hit" });
  arp("arp", { trigger: "hit", degrees: [0, 2], gate: 0.2 });
  return [node("flaky", new Flaky(bus))];
});
`;

describe("a node that throws while playing", () => {
  it("is reported with its patch's file:line, and shown stopped by .nodes and the status line", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-flaky-"));
    const dir = join(home, "patches");
    mkdirSync(dir);
    writeFileSync(join(dir, "flaky.ts"), flaky);
    const said: string[] = [];
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
    await d.session.system.runUntilTick(PPQ);
    expect(statusLine(d, false)).toMatch(/3 nodes/);
    await d.session.system.runUntilTick(4 * BAR);

    const report = said.find((t) => t.includes("flaky stopped after an error"));
    expect(report).toMatch(/flaky failed at hit 10/);
    expect(report).toMatch(/patches\/flaky\.ts:8:\d+\)/);
    expect(report).toMatch(/8 \| if \(\+\+this\.hits === 10\) throw/);

    const status = statusLine(d, false);
    expect(status).toMatch(/2 nodes/);
    expect(status).toMatch(/✗ flaky/);
    const lines: string[] = [];
    await performerCommands(d, () => {}).nodes!.run("", { print: (t) => lines.push(t), error: (t) => lines.push(t) });
    expect(lines.join("\n")).toMatch(/^flaky +\(stopped after an error, flaky\.ts/m);
    expect(lines.join("\n")).toMatch(/^arp +\(arp\w*, flaky\.ts\)/m);
    await d.quit();
  });
});
