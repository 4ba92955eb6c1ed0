/** Tab in a playing set (a daemon on the virtual clock): names, node.param, and a param's values inside its string. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PPQ } from "../../src/index.ts";
import { completionSources } from "../../src/live/completion.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { performerCommands, performerScope } from "../../src/live/performer.ts";
import { complete } from "../../src/live/repl/complete.ts";
import { ReplEvaluator } from "../../src/live/repl/evaluator.ts";

async function tab() {
  const home = mkdtempSync(join(tmpdir(), "magicbus-completion-"));
  const dir = join(home, "patches");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "a.ts"),
    `export default patch(() => {\n  euclid("euc", { steps: 8, pulses: 5 });\n  arp("arp", { degrees: [0, 2, 4] });\n  pattern("drums", "bd sd");\n});\n`,
  );
  const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 1, record: join(home, "out.mid"), say: () => {}, warn: () => {}, flushMs: 0 });
  await d.session.system.runUntilTick(4 * PPQ); // the patch comes in at the first bar line
  const prelude = await d.loader.preludeExports();
  const evaluator = new ReplEvaluator(() => performerScope(d, prelude));
  const commands = Object.keys(performerCommands(d, () => {}));
  const sources = completionSources(d, { names: () => evaluator.names(), lookup: (p) => evaluator.lookup(p) }, () => commands);
  return { d, at: (line: string) => complete(line, sources) };
}

describe("Tab in a playing set", () => {
  it("inside a param's string, offers the values that param takes, closing the quote", async () => {
    const { d, at } = await tab();
    const [scales, typed] = at('arp.scale = "mi');
    expect(typed).toBe('"mi');
    expect(scales).toContain('"minor"');
    expect(scales).toContain('"minor_pentatonic"');
    expect(scales.every((w) => w.startsWith('"mi'))).toBe(true);
    expect(at("arp.pattern = 'updo")).toEqual([["'updown'"], "'updo"]);
    expect(at('drums.as = "dr')).toEqual([['"drums"'], '"dr']);
    // a number has no list of values, and a node that is not playing has none either
    expect(at('euc.pulses = "')).toEqual([[], '"']);
    expect(at('nobody.scale = "mi')).toEqual([[], '"mi']);
    await d.quit();
  });

  it("completes nodes, their params by the performer's names, and dot-commands", async () => {
    const { d, at } = await tab();
    expect(at("eu")[0]).toContain("euc");
    expect(at("arp.ga")[0]).toEqual(["arp.gate"]);
    expect(at("euc.p")[0]).toEqual(["euc.probability", "euc.pulses"]);
    expect(at(".mu")[0]).toEqual([".mute"]);
    // past a name that is not a param (reading it would throw) there is nothing to offer
    expect(at("euc.pulse.to")[0]).toEqual([]);
    await d.quit();
  });
});
