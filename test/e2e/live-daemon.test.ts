/**
 * The real daemon, end to end: started on a temporary folder with its REPL on a pipe, patches
 * edited, broken, added and deleted while it plays, then the recording checked and the journal
 * replayed. About 10 s of wall-clock time at 240 bpm (one bar = 1 s).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf } from "../../src/index.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { validateSmf } from "../midi/smf-validator.ts";
import { envelope, onsets } from "../output/audio-onsets.ts";
import { bin, makeHome, startDaemon, type RunningDaemon } from "./launcher.ts";
import { itWith } from "../programs.ts";

const BAR = 4 * PPQ;

/** A temporary home with a patches/ folder (files written), and the real daemon started on it. */
function launch(prefix: string, files: Record<string, string>, args: string[]): { home: string; dir: string; d: RunningDaemon } {
  const { home, dir } = makeHome(prefix, files);
  return { home, dir, d: startDaemon(home, args) };
}

/** The set's recording: checked byte by byte (a valid file, every note-on with its note-off), then its notes. */
function recordedNotes(home: string) {
  const bytes = readFileSync(join(home, "set.mid"));
  expect(validateSmf(bytes).problems).toEqual([]);
  return allNotes(readSmf(bytes));
}

// A second voice on another channel shares every hit with the arpeggio: ticks with several notes.
const patch = (o: { root: number; pattern: string }) => `export default patch(() => {
  euclid("euc", { steps: 16, pulses: 6, trigger: "hit" });
  arp("arp", { trigger: "hit", scale: "major", root: ${o.root}, degrees: [0, 2, 4], pattern: "${o.pattern}", gate: 0.2 });
  arp("low", { trigger: "hit", scale: "major", root: 48, degrees: [0, 4], gate: 0.25, channel: 1 });
});
`;

describe("the live daemon", () => {
  it("plays through edits, a broken save, a new and a deleted patch and REPL changes; the journal replays it note for note", async () => {
    const { home, dir, d } = launch("e2e", { "a.ts": patch({ root: 60, pattern: "up" }) }, ["--bpm", "240", "--seed", "3", "--no-socket"]);
    const a = join(dir, "a.ts");
    try {
      await d.waitFor(/a\.ts: \+euc \+arp/);
      expect(d.out).toMatch(/(no audio device \(.+\) — recording to set\.mid|sound → built-in synth)/);

      // a REPL line, and a bad one that must change nothing
      d.send(`arp.velocity = 0.5`);
      d.send(`arp.scale = "nonsense"`);
      await d.waitFor(/nonsense/);
      expect(d.out + d.err).toMatch(/dorian/); // the error lists valid scales

      // an edit: heard from the next bar, never before
      await new Promise((r) => setTimeout(r, 700));
      writeFileSync(a, patch({ root: 72, pattern: "down" }));
      const swap = await d.waitFor(/reloaded a\.ts in \d+ ms, swap at \[(\d+):1\]/);
      const swapBar = Number(swap[1]);
      await d.waitFor(new RegExp(`\\[${swapBar}:1\\] a\\.ts: ~euc ~arp`));

      // a broken save: reported with file:line:col, the old version plays on
      writeFileSync(a, patch({ root: 72, pattern: "down" }).replace("pulses: 6,", "pulses: 6,,"));
      await d.waitFor(/a\.ts:2:\d+/);
      expect(d.out + d.err).toMatch(/previous version keeps playing/);
      await new Promise((r) => setTimeout(r, 1200));

      // a new patch, then deleted
      const b = join(dir, "b.ts");
      writeFileSync(b, `export default patch(() => { euclid("b_euc", { steps: 8, pulses: 3, trigger: "b" }); arp("b_arp", { trigger: "b", root: 36, degrees: [0], gate: 3 }); });\n`);
      await d.waitFor(/b\.ts: \+b_euc \+b_arp/);
      await new Promise((r) => setTimeout(r, 600));
      rmSync(b);
      await d.waitFor(/b\.ts removed: -b_euc -b_arp/);

      d.send(".nodes");
      await d.waitFor(/euc +\(euclid, a\.ts\)/);
      d.send(".quit");
      expect(await d.exited).toBe(0);
    } finally {
      d.child.kill("SIGKILL");
    }

    // the recording: a valid file, every note-on with its note-off
    const notes = recordedNotes(home);
    expect(notes.length).toBeGreaterThan(20);

    // the edit was heard from the bar after the save, not a tick before
    const swapTick = (Number(/swap at \[(\d+):1\]/.exec(d.out)![1]) - 1) * BAR;
    const high = notes.filter((n) => n.pitch >= 72 && n.pitch < 84 && n.channel === 0);
    expect(Math.min(...high.map((n) => n.tick))).toBeGreaterThanOrEqual(swapTick);
    expect(notes.filter((n) => n.tick < swapTick).every((n) => n.pitch < 72)).toBe(true);
    expect(high.length).toBeGreaterThan(0);

    // the clock never restarted: onsets on the 16th grid, and no silent bar from start to end
    for (const n of notes) expect(n.tick % (PPQ / 4)).toBe(0);
    const lastBar = Math.floor(Math.max(...notes.map((n) => n.tick)) / BAR);
    for (let bar = 0; bar < lastBar; bar++) {
      expect(notes.some((n) => n.tick >= bar * BAR && n.tick < (bar + 1) * BAR)).toBe(true);
    }
    // the bass patch, while it lived, played low notes; deleting it ended them
    expect(notes.some((n) => n.pitch < 48)).toBe(true);

    // the journal re-renders the set note for note, and into the same file byte for byte
    const replayPath = join(home, "replay.mid");
    const replayed = await replayJournal(join(home, "set.journal.jsonl"), { outPath: replayPath });
    expect(replayed.ended).toBe(true);
    expect(allNotes(replayed.song)).toEqual(notes);
    expect(readFileSync(replayPath).equals(readFileSync(join(home, "set.mid")))).toBe(true);
    expect(validateSmf(readFileSync(join(home, "set.mid"))).endTicks).toEqual([replayed.endTick, replayed.endTick]); // the set's length
  }, 40_000);
});

describe("a daemon killed with SIGKILL", () => {
  it("leaves a valid recording holding all but the last 2 s", async () => {
    const { home, d } = launch("kill", { "a.ts": patch({ root: 60, pattern: "up" }) }, ["--bpm", "240", "--seed", "1", "--no-socket"]);
    await d.waitFor(/a\.ts: \+euc \+arp/);
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 5000));
    d.child.kill("SIGKILL");
    await d.exited;
    const playedSeconds = (Date.now() - started) / 1000;
    const notes = recordedNotes(home);
    // 240 bpm: a beat is 0.25 s; the file was rewritten every 2 s
    const lastSecond = Math.max(...notes.map((n) => n.tick)) / PPQ / 4;
    expect(lastSecond).toBeGreaterThan(playedSeconds - 2.6);
  }, 20_000);
});

describe("a second terminal", () => {
  it("attaches over the daemon's Unix socket, changes a param, detaches; the daemon plays on", async () => {
    const socket = join(tmpdir(), `magicbus-attach-${process.pid}-${Date.now()}`, "daemon.sock");
    const { home, d } = launch("attach", { "a.ts": patch({ root: 60, pattern: "up" }) }, ["--bpm", "240", "--socket", socket]);
    try {
      await d.waitFor(/second terminal: npx magicbus repl --socket/);
      const client = spawn(process.execPath, [bin, "repl", "--socket", socket], { cwd: home });
      let out = "";
      client.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
      client.stdin.end(`arp.scale\narp.pattern = "down"\n.help\n.quit\n`);
      const code = await new Promise<number | null>((ok) => client.on("exit", ok));
      expect(code).toBe(0);
      expect(out).toMatch(/'major'/);
      expect(out).toMatch(/'down'/);
      // from a second terminal, .quit leaves that terminal (the set plays on) …
      expect(out).toMatch(/\.quit +detach this terminal \(the set plays on/);
      // … and what it does is shown on the set's own terminal
      await d.waitFor(/\(second terminal\) arp\.pattern = "down"/);
      d.send("arp.pattern");
      await d.waitFor(/'down'/);
      d.send(".quit");
      expect(await d.exited).toBe(0);
      expect(existsSync(socket)).toBe(false); // the socket goes with the daemon
    } finally {
      d.child.kill("SIGKILL");
    }
  }, 20_000);
});

describe("files a patch imports, and SIGTERM", () => {
  it("a save of an imported file reloads the patch that uses it; SIGTERM ends the set cleanly", async () => {
    const socket = join(tmpdir(), `magicbus-import-${process.pid}-${Date.now()}`, "daemon.sock");
    const { home, dir, d } = launch(
      "import",
      {
        "lib/tuning.ts": `export const root = 60;\n`,
        "a.ts": `import { root } from "./lib/tuning.ts";\nexport default patch(() => {\n  euclid("euc", { steps: 8, pulses: 4, trigger: "hit" });\n  arp("arp", { trigger: "hit", root, degrees: [0] });\n});\n`,
      },
      ["--bpm", "240", "--socket", socket, "--quantize", "beat"],
    );
    try {
      await d.waitFor(/a\.ts: \+euc \+arp/);
      await new Promise((r) => setTimeout(r, 500));
      writeFileSync(join(dir, "lib", "tuning.ts"), `export const root = 67;\n`);
      await d.waitFor(/reloaded a\.ts in \d+ ms/);
      await d.waitFor(/a\.ts: ~euc ~arp/);
      await new Promise((r) => setTimeout(r, 600));
      d.child.kill("SIGTERM");
      expect(await d.exited).toBe(0);
      expect(existsSync(socket)).toBe(false);
      expect(d.out).toMatch(/set ended at \[\d+:\d\]/);
    } finally {
      d.child.kill("SIGKILL");
    }
    const pitches = new Set(recordedNotes(home).map((n) => n.pitch));
    expect(pitches).toEqual(new Set([60, 67]));
  }, 20_000);
});

describe("the daemon through FluidSynth (--synth fluidsynth)", () => {
  itWith("fluidsynth")("plays a patch through a real synth: the audio has an onset on every beat, a beat apart; --synth-out is a WAV file", async () => {
    const wav = join(tmpdir(), `magicbus-synth-${process.pid}-${Date.now()}.wav`);
    // a side stick (General MIDI drums) on every beat at 120 bpm: dry onsets 500 ms apart
    const beat = `export default patch(() => {\n  euclid("b", { steps: 16, pulses: 4, trigger: "b" });\n  arp("stick", { trigger: "b", scale: "chromatic", degrees: [0], root: 37, channel: 9, gate: 0.1, velocity: 1 });\n});\n`;
    const { home, d } = launch("synth", { "beat.ts": beat }, ["--bpm", "120", "--no-socket", "--synth", "fluidsynth", "--synth-out", wav]);
    try {
      await d.waitFor(/MIDI → FluidSynth/, 15_000);
      await d.waitFor(/beat\.ts: \+b \+stick/, 15_000); // the music starts once the engine has loaded
      await new Promise((r) => setTimeout(r, 3200));
      d.send(".timing");
      await d.waitFor(/output to .*: \d+ sent; error p50 [\d.]+, p99 [\d.]+, max [\d.]+ ms .*late by more than 0\.1 ms/);
      await d.waitFor(/latency 40\.0 ms; the longest hand-over so far needed [\d.]+ ms/);
      d.send(".quit");
      expect(await d.exited).toBe(0);
    } finally {
      d.child.kill("SIGKILL");
    }
    const file = readFileSync(wav);
    expect(file.toString("ascii", 0, 4) + file.toString("ascii", 8, 12)).toBe("RIFFWAVE");
    expect(file.readUInt32LE(40)).toBe(file.length - 44); // the data size is right: a player reads it all
    const found = onsets(envelope(file.subarray(44), 44100));
    expect(found.length).toBeGreaterThanOrEqual(4);
    const gaps = found.slice(1).map((t, i) => t - found[i]!);
    for (const g of gaps) expect(Math.abs(g - 500)).toBeLessThan(15);
    // the recording has every note the synth played
    expect(recordedNotes(home).length).toBeGreaterThanOrEqual(found.length);
  }, 30_000);
});

describe("Ctrl-C", () => {
  it("SIGINT ends the set like .quit: exit 0, a valid recording, nothing left sounding", async () => {
    // long notes, so some are sounding when the set ends
    const pad = `export default patch(() => {\n  euclid("e", { steps: 16, pulses: 5, trigger: "hit" });\n  arp("pad", { trigger: "hit", degrees: [0, 2, 4], gate: 6 });\n});\n`;
    const { home, d } = launch("sigint", { "a.ts": pad }, ["--bpm", "200", "--no-socket"]);
    try {
      await d.waitFor(/a\.ts: \+e \+pad/);
      await new Promise((r) => setTimeout(r, 1500));
      d.child.kill("SIGINT");
      expect(await d.exited).toBe(0);
    } finally {
      d.child.kill("SIGKILL");
    }
    const notes = recordedNotes(home);
    const end = Math.max(...notes.map((n) => n.endTick));
    // the notes still sounding were cut at the end of the set, not left to their 6-beat gates
    expect(notes.filter((n) => n.endTick === end).length).toBeGreaterThan(1);
    expect(notes.some((n) => n.endTick - n.tick < 6 * PPQ)).toBe(true);
  }, 20_000);
});
