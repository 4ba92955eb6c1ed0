/**
 * The recording of a live set and the replay of its journal are the same file, byte for byte:
 * a daemon on the virtual clock plays a set whose notes share ticks across nodes and channels,
 * with controls, a program change, a tempo change and a mute, and ends with notes sounding.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, PPQ, readSmf } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { JournalWriter, readJournal } from "../../src/live/journal.ts";
import { LiveSet } from "../../src/live/live-set.ts";
import { PatchLoader } from "../../src/live/patch-loader.ts";
import { Recording } from "../../src/live/recording.ts";
import { Reloader } from "../../src/live/reloader.ts";
import { replayJournal } from "../../src/live/replay.ts";
import { createSession } from "../../src/live/session.ts";
import { validateSmf } from "../midi/smf-validator.ts";

const BAR = 4 * PPQ;

// Everything on one trigger, so every hit is a crowded tick: a re-struck pitch (its gate is two
// steps: the note-off falls on the next note-on two steps on), a bass cut by its own next note,
// a chord on another channel, drums on channel 9, and a node that sends controls on two channels
// at each hit and a program change at every third.
const crowded = `import * as magicbus from "magicbus";
export default patch((ctx) => {
  euclid("pulse", { steps: 16, pulses: 7, trigger: "hit" });
  arp("lead", { trigger: "hit", scale: "dorian", root: 60, degrees: [0, 2, 4], pattern: "updown", gate: 0.5, channel: 0 });
  arp("drone", { trigger: "hit", scale: "chromatic", root: 48, degrees: [0], gate: 0.5, channel: 0 });
  arp("bass", { trigger: "hit", scale: "dorian", root: 36, degrees: [0, 4], gate: 3, channel: 1 });
  arp("kick", { trigger: "hit", scale: "chromatic", root: 36, degrees: [0], gate: 0.1, channel: 9 });
  chords("pad", { progression: [0, 3, 4, 0], scale: "dorian", root: 48, every: 4, play: true, gate: 3.5, channel: 2 });
  let n = 0;
  node("knobs", new (class extends magicbus.Node {
    kind = "knobs";
    constructor() { super(ctx.bus, "knobs"); }
    protected onStart() {
      this.listen(magicbus.TriggerEvent, () => {
        n++;
        this.publish(new magicbus.ControlChangeEvent({ controller: 74, value: (n * 17) % 128, channel: 2 }));
        this.publish(new magicbus.ControlChangeEvent({ controller: 1, value: (n * 5) % 128, channel: 0 }));
        this.publish(new magicbus.ControlChangeEvent({ controller: 7, value: 100, channel: 2 }));
        if (n % 3 === 0) this.publish(new magicbus.ProgramChangeEvent({ program: n % 8, channel: 1 }));
      }, { where: (ev) => ev.name === "hit" });
    }
  })());
});
`;

describe("recording and replay", () => {
  it("write byte-identical files", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-replay-bytes-"));
    const dir = join(home, "patches");
    mkdirSync(dir);
    writeFileSync(join(dir, "crowded.ts"), crowded);
    const said: string[] = [];
    const record = join(home, "out.mid");
    const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 5, record, say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
    const run = (ticks: number) => d.session.system.runUntilTick(d.session.system.timeline.now + ticks);

    await run(2 * BAR);
    await d.recording!.flush(); // a write in the middle: the thread keeps what it was given
    d.setBpm(150);
    await run(BAR + PPQ / 2);
    d.mute("lead");
    await run(BAR);
    d.unmute("lead");
    await run(2 * BAR + 3 * PPQ / 4); // the end falls while the bass and the pad still sound
    await d.quit();
    expect(said.filter((l) => /error|refused|failed/i.test(l))).toEqual([]);

    const recorded = readFileSync(record);
    const replayPath = join(home, "replay.mid");
    const replayed = await replayJournal(join(home, "out.journal.jsonl"), { outPath: replayPath });
    expect(replayed.ended).toBe(true);
    const replay = readFileSync(replayPath);
    expect(replay.equals(recorded)).toBe(true);

    // … of a crowded set, all of it: the set's length, tempo changes, controls, programs, re-strikes
    const check = validateSmf(recorded);
    expect(check.problems).toEqual([]);
    const end = readJournal(join(home, "out.journal.jsonl")).entries.find((e) => e.kind === "end")!.tick;
    expect(check.endTicks).toEqual([end, end]); // every track lasts as long as the set
    const song = readSmf(recorded);
    expect(song.tempos.map((t) => Math.round(t.bpm))).toEqual([120, 150]);
    expect(song.tracks[1]!.controls!.length).toBeGreaterThan(20);
    expect(song.tracks[1]!.programs!.length).toBeGreaterThan(2);
    expect(allNotes(song).length).toBeGreaterThan(100);
    const restruck = check.notes.filter((a) => check.notes.some((b) => b.channel === a.channel && b.pitch === a.pitch && b.on === a.off));
    expect(restruck.length).toBeGreaterThan(5);
  });

  it("agree when the set ends by its cue, as the running daemon ends it, with a tempo change and a mute on its last tick", async () => {
    const home = mkdtempSync(join(tmpdir(), "magicbus-replay-end-"));
    const file = join(home, "crowded.ts");
    writeFileSync(file, crowded);
    const problems: string[] = [];
    const session = createSession({ bpm: 100, seed: 9, logger: (p) => problems.push(p.message) });
    const journalPath = join(home, "set.journal.jsonl");
    const journal = new JournalWriter(journalPath, { bpm: 100, seed: 9, beatsPerBar: 4, stepsPerBeat: 4, quantize: "bar", startedAt: "test" });
    const set = new LiveSet(session, (cue, tick) => journal.append({ tick, ...cue }));
    const loader = new PatchLoader();
    await loader.loadPrelude();
    set.cues.soon({ kind: "prelude", code: loader.preludeCode! });
    const reloader = new Reloader(set, loader, { quantize: () => "bar", say: () => {}, warn: (w) => problems.push(w) });
    expect((await reloader.load(file, "now")).ok).toBe(true);
    const record = join(home, "set.mid");
    const recording = new Recording(record, session.midi, { flushEveryMs: 0, onProblem: (m) => problems.push(m) });
    session.system.start();
    const run = (ticks: number) => session.system.runUntilTick(session.system.timeline.now + ticks);

    await run(3 * BAR);
    for (const node of ["lead", "drone", "kick"]) set.cues.soon({ kind: "mute", node });
    await run(BAR + PPQ); // a bar and a beat of only the bass and the pad
    // The performer's last moves and the end, on one tick (a REPL line and .quit at once).
    const endTick = set.cues.nextFreeTick;
    set.cues.soon({ kind: "param", target: "clock", param: "bpm", value: 140 });
    set.cues.soon({ kind: "mute", node: "bass" });
    set.cues.soon({ kind: "end" });
    await run(BAR);
    await recording.stop();
    journal.close();
    expect(problems).toEqual([]);

    const replayPath = join(home, "replay.mid");
    const replayed = await replayJournal(journalPath, { outPath: replayPath });
    expect(replayed.endTick).toBe(endTick);
    const recorded = readFileSync(record);
    expect(readFileSync(replayPath).equals(recorded)).toBe(true);

    const check = validateSmf(recorded);
    expect(check.problems).toEqual([]);
    expect(check.endTicks).toEqual([endTick, endTick]);
    expect(check.tempos.map((t) => t.bpm)).toEqual([100]); // the set ended before the new tempo could be heard
    expect(Math.max(...check.notes.map((n) => n.off))).toBe(endTick); // the bass and pad, cut at the end
  });
});
