/**
 * Issue 11: nothing a performer saves or types can stop the set. The real daemon, with runaway
 * code at each place it can hide: a node's handler in the middle of the set, a REPL line, a saved
 * version whose top level never ends, a patch like that at start-up, a signal function — and
 * SIGTERM while the engine is stuck. Each time the culprit is named, the other nodes keep playing
 * on their grid, and the journal replays to the very bytes of the recording.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf, writeSmf } from "../../src/index.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { validateSmf } from "../midi/smf-validator.ts";
import { makeHome, startDaemon, type RunningDaemon } from "./launcher.ts";

const STEP = PPQ / 4;
const steady = `export default patch(() => {\n  euclid("euc", { steps: 16, pulses: 16, trigger: "hit" });\n  arp("arp", { trigger: "hit", degrees: [0, 2, 4], gate: 0.2 });\n});\n`;
// Line 9 spins: the 24th hit (bar 2 at 16 hits a bar) never returns.
const spinner = `import { TriggerEvent, type EventBus } from "magicbus";

class Spinner {
  hits = 0;
  constructor(public bus: EventBus) {}
  start() {
    this.bus.on(TriggerEvent, () => {
      if (++this.hits < 24) return;
      for (let i = 0; ; i++) Math.sqrt(i);
    });
  }
}

export default patch(({ bus }) => [node("spinner", new Spinner(bus))]);
`;
const endless = `export default patch(() => {\n  let i = 0;\n  while (true) i++;\n});\n`;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The recording is valid, and its replay from the journal is the same file, byte for byte. */
async function recordingReplays(home: string): Promise<ReturnType<typeof allNotes>> {
  const recorded = readFileSync(join(home, "set.mid"));
  expect(validateSmf(recorded).problems).toEqual([]);
  const replayed = await replayJournal(join(home, "set.journal.jsonl"));
  expect(Buffer.from(writeSmf(replayed.song)).equals(recorded)).toBe(true);
  return allNotes(readSmf(recorded));
}

/** The healthy arpeggio played every sixteenth from its first note to its last: no gap, no phase jump. */
function everySixteenth(notes: ReturnType<typeof allNotes>): void {
  const ticks = [...new Set(notes.filter((n) => n.channel === 0).map((n) => n.tick))].sort((a, b) => a - b);
  expect(ticks.length).toBeGreaterThan(32);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(STEP);
  expect(ticks[0]! % STEP).toBe(0);
}

async function quit(d: RunningDaemon): Promise<void> {
  d.send(".quit");
  expect(await d.exited).toBe(0);
}

describe("runaway code never stops the set", () => {
  it("a node stuck in its handler is taken out with its file:line; a REPL line that never ends is stopped, the .quantize and controller mappings kept; the set plays on and replays byte for byte", async () => {
    const { home, dir } = makeHome("runaway", { "a.ts": steady, "spin.ts": spinner });
    const d = startDaemon(home, ["--bpm", "240", "--seed", "5", "--no-socket"]);
    try {
      await d.waitFor(/a\.ts: \+euc \+arp/, 15_000);
      // The line is named when the paused engine could say it in time (on a loaded machine it may not).
      const notice = await d.waitFor(/runaway code: stuck for \d+ ms in node "spinner"( at (\S+))?\./, 15_000);
      if (notice[2] !== undefined) expect(notice[2]).toMatch(/patches\/spin\.ts:9:\d+$/);
      await d.waitFor(/spinner was taken out; the other nodes play on \(save spin\.ts to bring it back\)/);
      await d.waitFor(/A new engine took over in \d+ ms/);
      d.send(".nodes");
      await d.waitFor(/spinner +\(taken out: it ran away, spin\.ts/);
      // the next save brings it back (fixed: it no longer runs away)
      writeFileSync(join(dir, "spin.ts"), spinner.replace("for (let i = 0; ; i++) Math.sqrt(i);", "return;"));
      await d.waitFor(/spin\.ts: [+!]spinner/, 15_000);

      await pause(1500); // the new standby is following before the next takeover
      // What the performer set outside the journal goes over to the engine that takes over.
      d.send(".quantize beat");
      await d.waitFor(/swaps land on the next beat/);
      d.send(".map cc:1 arp.gate 0.05 1");
      await d.waitFor(/mapped cc:1 → arp\.gate/);
      d.send("while (true) {}");
      await d.waitFor(/stopped: it ran for more than \d+ ms \(while running a REPL line\)/, 10_000);
      await d.waitFor(/The line was stopped; nothing it did is kept/);
      d.send(".quantize");
      await d.waitFor(/^beat$/m);
      d.send(".map");
      await d.waitFor(/cc:1 → arp\.gate {2}0\.05\.\.1/);
      d.send("arp.velocity = 0.5");
      d.send("arp.velocity");
      await d.waitFor(/^0\.5$/m);
      await pause(1000);
      await quit(d);
    } finally {
      d.kill();
    }
    const notes = await recordingReplays(home);
    everySixteenth(notes);
    const journal = readFileSync(join(home, "set.journal.jsonl"), "utf8");
    expect(journal).toMatch(/"kind":"takeover","reason":"stuck for \d+ ms in node \\"spinner\\"/);
  }, 60_000);

  it("a saved version whose top level never ends is refused with file:line (the music never notices); a patch like it at start-up too; SIGTERM ends a stuck set", async () => {
    const { home, dir } = makeHome("endless", { "a.ts": steady, "b.ts": endless });
    const d = startDaemon(home, ["--bpm", "240", "--seed", "6", "--no-socket"]);
    try {
      // at start-up: b.ts is refused, a.ts plays (the line is named when the paused thread can
      // say it: under the load of start-up, it sometimes cannot)
      await d.waitFor(/b\.ts(:3:\d+)?: ran for more than 2 s while loading/, 20_000);
      await d.waitFor(/a\.ts: \+euc \+arp/);
      await pause(500);
      // a save during the set: refused the same way, the previous version plays on
      writeFileSync(join(dir, "a.ts"), steady.replace("patch(() => {", "patch(() => {\n  for (;;) {}"));
      await d.waitFor(/a\.ts:2:\d+: ran for more than 2 s while loading/, 20_000);
      await d.waitFor(/previous version keeps playing/);
      // fixed: it comes in
      writeFileSync(join(dir, "a.ts"), steady.replace('degrees: [0, 2, 4]', 'degrees: [0, 2, 4, 6]'));
      await d.waitFor(/reloaded a\.ts/, 10_000);
      await d.waitFor(/a\.ts: ~euc ~arp/, 10_000);
      // a signal function that never returns once it has run 45 times: it passes its rehearsal
      // (one bar offline: 30 calls), and runs away live; then SIGTERM, soon after
      writeFileSync(join(dir, "c.ts"), `let calls = 0;\nexport default patch(() => {\n  signal("wobble", (t) => { if (++calls > 45) for (;;) {} return t; }, 30);\n});\n`);
      await d.waitFor(/c\.ts: \+wobble/, 10_000);
      await d.waitFor(/runaway code: stuck for \d+ ms in node "wobble"( at patches\/c\.ts:3:\d+)?\./, 15_000);
      await d.waitFor(/wobble was taken out; the other nodes play on \(save c\.ts to bring it back\)/);
      d.child.kill("SIGTERM");
      expect(await d.exited).toBe(0);
    } finally {
      d.kill();
    }
    const notes = await recordingReplays(home);
    everySixteenth(notes);
  }, 90_000);
});
