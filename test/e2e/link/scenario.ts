/**
 * What the Link tests do inside their network namespace (namespace.ts starts this script there):
 * real peers (LinkHut on a dummy JACK server, magicbus daemons with `--link`), the daemons' notes
 * caught as OSC bundles on 127.0.0.1 (each timetag is when the note sounds), LinkHut's display read
 * as it prints (its tempo and beat, stamped on arrival). Prints one JSON line of measurements.
 *
 *   linkhut   — join LinkHut at 133 bpm; LinkHut to 134; bpm(140) in the REPL; phase against LinkHut
 *   two       — two daemons agree on tempo and bar lines; a bpm() in one reaches the other
 *   phase     — (benchmark) a long run against LinkHut: phase error of every onset
 */
import { execFileSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromBuffer } from "osc-min";
import { readSmf } from "../../../src/index.ts";
import { nowMs } from "../../../src/output/clock.ts";
import { timetagToUnixMs } from "../../../src/output/osc/timetag.ts";
import { calendarOffsetByAverage } from "../../output/osc/fake-superdirt.ts";
import { startDummyJack, startPeer, type Peer } from "../../peers.ts";
import { makeHome, startDaemon, type RunningDaemon } from "../launcher.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: Array<{ kill(): void; stop?: () => Promise<void> }> = [];
/** The daemons started, in order: what they said goes with a failure (a rare one must explain itself). */
const daemons: RunningDaemon[] = [];

/** A note as it sounds: output-clock time (from its timetag), its beat and the tempo it was played at. */
interface Onset {
  at: number;
  beat: number;
  bpm: number;
}

/** A receiver of the generic OSC map: every /magicbus/note's sound time, beat and tempo. */
async function receiver(): Promise<{ port: number; onsets: Onset[] }> {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const onsets: Onset[] = [];
  const raw: Array<{ sounds: number; beat: number; bpm: number }> = [];
  s.on("message", (b) => {
    const p = fromBuffer(b);
    if (p.oscType !== "bundle") return;
    const m = p.elements[0];
    if (m?.oscType !== "message" || m.address !== "/magicbus/note") return;
    const v = m.args.map((a) => ("value" in a ? a.value : undefined));
    raw.push({ sounds: timetagToUnixMs(p.timetag), beat: v[5] as number, bpm: v[6] as number });
  });
  s.unref();
  // timetags are calendar time; onsets are kept on the output clock, like LinkHut's readings
  const calendar = calendarOffsetByAverage(2000);
  return {
    port: s.address().port,
    get onsets() {
      onsets.length = 0;
      for (const r of raw) onsets.push({ at: r.sounds - calendar, beat: r.beat, bpm: r.bpm });
      return onsets;
    },
  };
}

/** LinkHut on a dummy JACK server, Link enabled; its display lines as they arrive. */
async function linkHut(): Promise<{ hut: Peer; readings: Array<{ at: number; peers: number; bpm: number; beats: number; sync: boolean; playing: boolean }>; press: (keys: string) => void }> {
  const server = `lk${process.pid}`;
  children.push(await startDummyJack(server, false));
  const hut = startPeer("LinkHut", "LinkHut", [], { JACK_DEFAULT_SERVER: server }, "pipe", false);
  children.push(hut);
  const readings: Array<{ at: number; peers: number; bpm: number; beats: number; sync: boolean; playing: boolean }> = [];
  hut.child.stdout!.on("data", (d: Buffer | string) => {
    const at = nowMs();
    const lines = String(d).split("\r");
    const last = lines.map((l) => l.match(/^\s*(yes|no)\s*\|\s*(\d+)\s*\|\s*\d+\s*\|\s*(yes|no)\s*\[(\w+)\]\s*\|\s*([\d.]+)\s*\|\s*(-?[\d.]+)/)).filter(Boolean).pop();
    if (last) readings.push({ at, peers: Number(last[2]), sync: last[3] === "yes", playing: last[4] === "playing", bpm: Number(last[5]), beats: Number(last[6]) });
  });
  const press = (keys: string) => hut.child.stdin!.write(keys);
  await hut.waitFor(/\|/);
  press("a");
  return { hut, readings, press };
}

const beatPatch = `export default patch(() => {
  euclid("e", { steps: 16, pulses: 8, trigger: "hit" });
  arp("beat", { trigger: "hit", scale: "chromatic", degrees: [0], root: 60, gate: 0.1 });
});
`;

function daemon(bpm: number, oscPort: number, more: string[] = []): { d: RunningDaemon; home: string } {
  const { home } = makeHome("link", { "beat.ts": beatPatch });
  const d = startDaemon(home, ["--bpm", String(bpm), "--seed", "1", "--no-socket", "--link", "--osc-out", `127.0.0.1:${oscPort}`, ...more]);
  children.push(d);
  daemons.push(d);
  return { d, home };
}

/**
 * The phase of our onsets against a peer's beat readings: each reading (time, beat) puts the
 * peer's beat line through that point at the tempo; an onset's error is how far (ms) it is from
 * where its beat falls on that line (at quantum 4), taken from the readings within WINDOW_MS of
 * it, all at the onset's tempo. Readings are printed with two decimals (0.01 beat, 4.5 ms at 133
 * bpm) and stamped when they arrive, so one onset's error is the median over those ~200 readings.
 */
const WINDOW_MS = 1000;
function phaseErrors(onsets: Onset[], readings: Array<{ at: number; bpm: number; beats: number }>, from: number, until: number): number[] {
  const errors: number[] = [];
  for (const o of onsets) {
    if (o.at < from || o.at > until) continue;
    const near = readings.filter((r) => Math.abs(r.at - o.at) < WINDOW_MS);
    if (near.length < 10 || near.some((r) => Math.abs(r.bpm - o.bpm) >= 0.01)) continue;
    const msPerBeat = 60_000 / o.bpm;
    // at quantum 4: how far (ms) the onset is from where its beat falls on the peer's line
    const each = near.map((r) => {
      const peerBeat = r.beats + (o.at - r.at) / msPerBeat;
      let e = (o.beat - peerBeat) % 4;
      if (e > 2) e -= 4;
      if (e <= -2) e += 4;
      return e * msPerBeat;
    });
    each.sort((a, b) => a - b);
    errors.push(each[each.length >> 1]!);
  }
  return errors;
}

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

async function scenarioLinkHut(long: boolean): Promise<Record<string, unknown>> {
  const rx = await receiver();
  const { readings, press } = await linkHut();
  for (let i = 0; i < 13; i++) {
    press("e");
    await sleep(30);
  }
  await waitUntil(() => readings.at(-1)?.bpm === 133, 5000, "LinkHut at 133 bpm");
  const { d, home } = daemon(120, rx.port);
  // Music has started when the first note comes (not the patch's "+e" line: on a loaded machine a
  // spurious runaway at start-up can hand the set to the standby engine, which does not print it).
  await d.waitFor(/^magicbus · /m, 20_000);
  await waitUntil(() => rx.onsets.length > 0, 20_000, "the first note");
  await d.waitFor(/Link: joined a session at 133 bpm/, 10_000);
  await sleep(long ? Number(process.env.LINK_SECONDS ?? 60) * 1000 : 3000);
  // LinkHut one faster: when does the set play it?
  const keyAt = nowMs();
  press("e");
  await sleep(1500);
  // bpm() in the REPL: when does LinkHut show it?
  const replAt = nowMs();
  d.send("bpm(140)");
  await waitUntil(() => readings.some((r) => r.at > replAt && r.bpm === 140), 5000, "LinkHut at 140 bpm");
  const hutAt140 = readings.find((r) => r.at > replAt && r.bpm === 140)!.at;
  await sleep(1500);
  d.send(".link");
  await d.waitFor(/Link on: 1 peer, session at 140 bpm, quantum 4; \d+ phase corrections/);
  d.send(".quit");
  await d.exited;
  const onsets = rx.onsets;
  const first133 = onsets.find((o) => Math.abs(o.bpm - 133) < 0.01);
  // When the tempo change the set made for LinkHut's 134 sounds: its tick in the recording, placed
  // on the onsets' grid (the last onset at 133 before it).
  const song0 = readSmf(readFileSync(join(home, "set.mid")));
  const change = song0.tempos.find((t) => Math.abs(t.bpm - 134) < 0.01);
  const before = change ? onsets.filter((o) => o.beat * 960 <= change.tick && Math.abs(o.bpm - 133) < 0.01).pop() : undefined;
  const changeSounds = change && before ? before.at + (change.tick / 960 - before.beat) * (60_000 / 133) : undefined;
  const song = readSmf(readFileSync(join(home, "set.mid")));
  const journal = readFileSync(join(home, "set.journal.jsonl"), "utf8");
  const settled = (first133?.at ?? Infinity) + 200;
  const errors = phaseErrors(onsets, readings, settled, keyAt);
  return {
    onsets: onsets.length,
    // where in the set (beats from its start) the first note at 133 is, and notes at another tempo before the key
    firstBeatAt133: first133 ? first133.beat : null,
    notAt133BeforeKey: onsets.filter((o) => o.at < keyAt && Math.abs(o.bpm - 133) >= 0.01).length,
    barMsAt133: (4 * 60_000) / 133,
    tempoFollowMs: changeSounds !== undefined ? changeSounds - keyAt : null,
    replToLinkHutMs: hutAt140 - replAt,
    recordingTempos: song.tempos.map((t) => Math.round(t.bpm * 100) / 100),
    journalBpmCues: [...journal.matchAll(/"kind":"tempo","bpm":([\d.]+)/g)].map((m) => Number(m[1])),
    phase: { onsets: errors.length, p50: quantile(errors.map(Math.abs), 0.5), p99: quantile(errors.map(Math.abs), 0.99), max: quantile(errors.map(Math.abs), 1), mean: errors.reduce((a, b) => a + b, 0) / (errors.length || 1) },
    ...(process.env.LINK_DEBUG ? { series: errors.map((e) => Math.round(e * 100) / 100) } : {}),
    linkhutPeersSeen: Math.max(...readings.map((r) => r.peers)),
    linkhutReadings: { n: readings.length, medianGapMs: quantile(readings.slice(1).map((r, i) => r.at - readings[i]!.at), 0.5), distinctArrivals: new Set(readings.map((r) => r.at)).size },
  };
}

async function scenarioTwo(): Promise<Record<string, unknown>> {
  const rxA = await receiver();
  const rxB = await receiver();
  const a = daemon(100, rxA.port);
  await a.d.waitFor(/^magicbus · /m, 20_000);
  await waitUntil(() => rxA.onsets.length > 0, 10_000, "A's first note");
  await sleep(1000);
  const b = daemon(130, rxB.port);
  await b.d.waitFor(/^magicbus · /m, 20_000);
  await waitUntil(() => rxB.onsets.length > 0, 20_000, "B's first note");
  await b.d.waitFor(/Link: joined a session at 100 bpm/, 10_000);
  await sleep(2500);
  const bpmAt = nowMs();
  b.d.send("bpm(110)");
  await sleep(2500);
  for (const x of [a, b]) x.d.send(".quit");
  await Promise.all([a.d.exited, b.d.exited]);
  // Bar lines: every onset of B against A's nearest onset at the same tempo, modulo the bar.
  const oa = rxA.onsets;
  const ob = rxB.onsets;
  const diffs = (bpm: number, from: number, until: number) =>
    ob
      .filter((o) => o.at > from && o.at < until && Math.abs(o.bpm - bpm) < 0.01)
      .flatMap((o) => {
        const near = oa.filter((x) => Math.abs(x.bpm - bpm) < 0.01).sort((x, y) => Math.abs(x.at - o.at) - Math.abs(y.at - o.at))[0];
        if (!near || Math.abs(near.at - o.at) > 30_000 / bpm) return [];
        return [{ ms: o.at - near.at, bars: ((o.beat - near.beat) % 4 + 4) % 4 }];
      });
  if (process.env.LINK_DEBUG) console.error(`A:\n${a.d.out}${a.d.err}\nB:\n${b.d.out}${b.d.err}\nB journal:\n${readFileSync(join(b.home, "set.journal.jsonl"), "utf8").slice(0, 3000)}`);
  const at100 = diffs(100, 0, bpmAt);
  const at110 = diffs(110, bpmAt + 1000, Infinity);
  const first110A = oa.find((o) => o.at > bpmAt && Math.abs(o.bpm - 110) < 0.01);
  const first110B = ob.find((o) => o.at > bpmAt && Math.abs(o.bpm - 110) < 0.01);
  return {
    onsetsA: oa.length,
    onsetsB: ob.length,
    bTemposHeard: [...new Set(ob.map((o) => Math.round(o.bpm * 100) / 100))],
    at100: { n: at100.length, maxMs: Math.max(...at100.map((x) => Math.abs(x.ms))), barOffsets: [...new Set(at100.map((x) => Math.round(x.bars * 1000) / 1000))] },
    at110: { n: at110.length, maxMs: Math.max(...at110.map((x) => Math.abs(x.ms))), barOffsets: [...new Set(at110.map((x) => Math.round(x.bars * 1000) / 1000))] },
    aFollowedMs: first110A && first110B ? first110A.at - first110B.at : null,
  };
}

async function scenarioStartStop(): Promise<Record<string, unknown>> {
  const rx = await receiver();
  const { readings, press } = await linkHut();
  press("s"); // LinkHut: start/stop sync on
  await waitUntil(() => readings.at(-1)?.sync === true, 3000, "LinkHut's start/stop sync");
  const { d, home } = daemon(120, rx.port, ["--link-start-stop"]);
  await d.waitFor(/^magicbus · /m, 20_000);
  await d.waitFor(/Link: the session stopped/, 20_000); // it joined a stopped session
  // once its clock runs, the set is silent in LinkHut's stopped session (asked until it says so)
  for (let i = 0; i < 40 && !/start\/stop sync \(stopped\)/.test(d.out); i++) {
    d.send(".link");
    await sleep(500);
  }
  await d.waitFor(/Link on: 1 peer, session at 120 bpm, quantum 4, start\/stop sync \(stopped\)/, 1000);
  await sleep(1500);
  const silentBefore = rx.onsets.length;
  const startAt = nowMs();
  press(" "); // LinkHut starts the session
  await sleep(2000);
  const stopAt = nowMs();
  press(" "); // and stops it
  await sleep(1500);
  const replStartAt = nowMs();
  d.send(".link start");
  await waitUntil(() => readings.some((r) => r.at > replStartAt && r.playing), 5000, "LinkHut playing");
  const hutPlaying = readings.find((r) => r.at > replStartAt && r.playing)!.at;
  await sleep(1500);
  d.send(".quit");
  await d.exited;
  const onsets = rx.onsets;
  const journal = readFileSync(join(home, "set.journal.jsonl"), "utf8");
  const between = (a: number, b: number) => onsets.filter((o) => o.at > a && o.at <= b);
  return {
    silentBefore,
    firstAfterStartMs: (between(startAt, stopAt)[0]?.at ?? Infinity) - startAt,
    whilePlaying: between(startAt, stopAt).length,
    lastAfterStopMs: (between(startAt, stopAt + 1500).at(-1)?.at ?? -Infinity) - stopAt,
    whileStopped: between(stopAt + 300, replStartAt).length,
    replToLinkHutMs: hutPlaying - replStartAt,
    afterReplStart: between(replStartAt, Infinity).length,
    journalTransport: [...journal.matchAll(/"kind":"transport","playing":(true|false)/g)].map((m) => m[1] === "true"),
  };
}

async function waitUntil(ok: () => boolean, ms: number, what: string): Promise<void> {
  const end = nowMs() + ms;
  while (!ok()) {
    if (nowMs() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function main(): Promise<void> {
  // Loopback only, multicast on it: nothing of this leaves the namespace.
  execFileSync("ip", ["link", "set", "lo", "up"]);
  execFileSync("ip", ["link", "set", "lo", "multicast", "on"]);
  execFileSync("ip", ["route", "add", "224.0.0.0/4", "dev", "lo"]);
  const name = process.argv[2];
  let result: Record<string, unknown>;
  try {
    if (name === "linkhut") result = await scenarioLinkHut(false);
    else if (name === "phase") result = await scenarioLinkHut(true);
    else if (name === "two") result = await scenarioTwo();
    else if (name === "startstop") result = await scenarioStartStop();
    else throw new Error(`unknown scenario ${name}`);
  } finally {
    // JACK servers and LinkHut asked to end (they clean their shared memory), then killed
    for (const c of children.reverse()) await (c.stop ? c.stop() : c.kill());
  }
  console.log(JSON.stringify({ scenario: name, ...result }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    for (const [i, d] of daemons.entries()) {
      const said = `${d.out}${d.err}`.trim().split("\n").slice(-40).join("\n");
      console.error(`--- daemon ${String.fromCharCode(65 + i)} said (last 40 lines):\n${said}`);
    }
    process.exit(1);
  },
);

