/**
 * `npm run bench -- osc [SECONDS]`: how exact the OSC output's timetags are.
 *
 * A realtime session plays a note on every 32nd at 150 bpm through the live port into the OSC output
 * (generic map, latency 40 ms), to a receiver on 127.0.0.1 in a thread of its own (so its arrival
 * times are not those of this busy thread). Every bundle's timetag is compared with where the note
 * belongs: its tick on the tempo map, at the clock's origin, plus the latency, in calendar time.
 *
 * - **timestamp error**: timetag − ideal, with the calendar offset taken as the run's median (what
 *   is left is every error that moves one note against another: rounding, clock slewing, jitter).
 *   Goal p99 ≤ 0.1 ms.
 * - **calendar offset**: the run's median against an estimate of the calendar clock made apart
 *   from the code under test (many Date.now() readings averaged, good to ≈ 0.05 ms).
 * - **lead**: how long before its timetag a bundle arrived (none may arrive late).
 */
import { Worker } from "node:worker_threads";
import { fromBuffer } from "osc-min";
import { Clock, EventScheduler, MidiOutSink, NoteEvent, PPQ, System, TickEvent } from "../../src/index.ts";
import { LivePort } from "../../src/output/live-port.ts";
import { withOsc } from "../../src/output/open-output.ts";
import { OscOut } from "../../src/output/osc/osc-out.ts";
import { timetagToUnixMs } from "../../src/output/osc/timetag.ts";
import { calendarOffsetByAverage } from "../output/osc/fake-superdirt.ts";

const seconds = Number(process.argv[2] ?? 20);
const BPM = 150;
const LATENCY = 40;
const STEP = PPQ / 8; // 32nd notes

// The receiver: a thread that stamps each datagram on arrival and hands them all back at the end.
const receiver = new Worker(
  `const { parentPort } = require("node:worker_threads");
   const dgram = require("node:dgram");
   const { performance } = require("node:perf_hooks");
   const got = [];
   const s = dgram.createSocket("udp4");
   s.on("message", (b) => got.push([performance.timeOrigin + performance.now(), b]));
   s.bind(0, "127.0.0.1", () => parentPort.postMessage({ port: s.address().port }));
   parentPort.on("message", () => { parentPort.postMessage({ got }); s.close(); });`,
  { eval: true },
);
const port = await new Promise<number>((resolve) => receiver.once("message", (m: { port: number }) => resolve(m.port)));

const system = new System({ clock: "realtime", seed: 1, bpm: BPM });
system.add(new EventScheduler(system.bus));
system.add(new Clock(system.bus, { bpm: BPM, stepsPerBeat: 8 }));
const sink = system.add(new MidiOutSink(system.bus));
// one note per step, on the step's tick
system.bus.on(TickEvent, (t) => system.bus.emit(new NoteEvent({ tick: t.tick, pitch: 60 + (((t.tick ?? 0) / STEP) % 12), velocity: 0.8, gateBeats: 0.1 })));
const osc = await OscOut.open({ kind: "generic", host: "127.0.0.1", port }, { latencyMs: LATENCY });
const live = new LivePort(system, withOsc(undefined, osc, "bench"));
sink.output = live;
console.log(`osc: 32nd notes at ${BPM} bpm for ${seconds} s, latency ${LATENCY} ms, to a receiver thread on 127.0.0.1:${port}`);
await system.runFor(seconds);
const origin = system.realtime!.origin!;
system.stop();
await new Promise((r) => setTimeout(r, LATENCY + 100));
const calendar = calendarOffsetByAverage();
const drift = osc.stats().clockDriftPpm;
await osc.close();
receiver.postMessage("done");
const got = await new Promise<Array<[number, Uint8Array]>>((resolve) => receiver.once("message", (m: { got: Array<[number, Uint8Array]> }) => resolve(m.got)));
await receiver.terminate();

const bundles = got
  .map(([at, b]) => ({ at, p: fromBuffer(b) }))
  .flatMap(({ at, p }) => (p.oscType === "bundle" ? [{ at, sounds: timetagToUnixMs(p.timetag), p }] : []))
  .sort((a, b) => a.sounds - b.sounds);
const notes = bundles.filter((b) => b.p.oscType === "bundle" && b.p.elements[0]?.oscType === "message" && b.p.elements[0].address === "/magicbus/note");
// The i-th note is the i-th step: its ideal time on the output clock is origin + seconds(tick) + latency.
const ideal = notes.map((_, i) => performance.timeOrigin + origin + system.timeline.tempo.toSeconds(i * STEP) * 1000 + LATENCY);
const offsets = notes.map((n, i) => n.sounds - ideal[i]!);
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const median = q(offsets, 0.5);
const errors = offsets.map((o) => Math.abs(o - median));
const leads = notes.map((n) => n.sounds - (n.at + calendar));
const late = leads.filter((l) => l < 0).length;
const f = (x: number, d = 3) => x.toFixed(d);
console.log(`${notes.length} bundles (expected ${Math.floor((seconds * BPM * 8) / 60)})`);
console.log(`timestamp error: p50 ${f(q(errors, 0.5))} ms, p99 ${f(q(errors, 0.99))} ms, max ${f(q(errors, 1))} ms (goal p99 ≤ 0.1 ms: ${q(errors, 0.99) <= 0.1 ? "met" : "missed"})`);
console.log(`calendar offset in the timetags vs an independent estimate: ${f(median - calendar)} ms (the estimate is good to ≈ 0.05 ms); calendar drift ${f(drift, 1)} ppm`);
console.log(`arrived before their timetag by: min ${f(q(leads, 0))} ms, p50 ${f(q(leads, 0.5))} ms, max ${f(q(leads, 1))} ms; late: ${late}`);
const round = (x: number) => Math.round(x * 10000) / 10000;
console.log(
  JSON.stringify({
    bench: "osc",
    seconds,
    bpm: BPM,
    latencyMs: LATENCY,
    bundles: notes.length,
    timestampErrorMs: { p50: round(q(errors, 0.5)), p99: round(q(errors, 0.99)), max: round(q(errors, 1)) },
    calendarOffsetErrorMs: round(median - calendar),
    leadMs: { min: round(q(leads, 0)), p50: round(q(leads, 0.5)), max: round(q(leads, 1)) },
    late,
    driftPpm: round(drift),
    goal: { p99Ms: 0.1, met: q(errors, 0.99) <= 0.1 },
  }),
);
