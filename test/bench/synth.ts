/**
 * The built-in synth. Each section is a function that prints its figures and returns them; the
 * last line is one JSON object of every section run.
 *   npm run bench -- synth [--only offline] [--runs N]
 *
 * offline: loading the soundfont; the real-time factor (seconds of audio per second of work) of
 * rendering to a WAV file, with reverb and chorus and without, for the default set (the four
 * patches `npm start` plays, 64 bars at its 124 bpm), patches/basic.ts alone (64 bars, what
 * `render` does) and a 32-bar Toccata from the composer; the memory a 10-minute set takes.
 * Goal: ≥ 20× with effects.
 *
 * live (test/bench/_synth-live.ts): the built-in synth in real time on no audio device: the CPU
 * the default set costs with it, voices before a dropout, the audio path's latency.
 *
 * A further measurement is one more function in SECTIONS, named for `--only`.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { PPQ } from "../../src/core/time.ts";
import { PatchLoader } from "../../src/live/patch-loader.ts";
import { createSession } from "../../src/live/session.ts";
import { writeSmf } from "../../src/midi/smf.ts";
import type { Song } from "../../src/song/song.ts";
import { compose } from "../../src/mil/whole-piece.ts";
import { pieceToSong } from "../../src/mil/to-song.ts";
import { renderPatch } from "../../src/render.ts";
import { loadSynth, renderSmf, renderSmfToWav } from "../../src/synth/offline.ts";
import { WavFileWriter } from "../../src/synth/wav.ts";
import { liveSetCost, voicesBeforeDropout } from "./_synth-live.ts";
import { readSoundfont } from "../../src/synth/soundfont.ts";

type Figures = Record<string, unknown>;

const SECTIONS: Record<string, (runs: number) => Promise<Figures>> = { offline, live };

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg("--runs") ?? 3);
const only = arg("--only");
if (only !== undefined && !(only in SECTIONS)) {
  console.error(`unknown section "${only}"; the sections are ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "magicbus-bench-synth-"));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1) => +x.toFixed(digits);

/** The default set: every patch of patches/ in one session, as the daemon plays the folder. */
async function defaultSet(bars: number, bpm: number): Promise<Song> {
  const session = createSession({ bpm, seed: 0, logger: () => {} });
  const loader = new PatchLoader();
  for (const f of readdirSync("patches").filter((f) => f.endsWith(".ts")).sort()) {
    const { nodes } = await loader.load(resolve("patches", f), session);
    for (const n of nodes) session.system.add(n);
  }
  await session.system.runUntilTick(bars * session.beatsPerBar * PPQ);
  const song = session.midi.close();
  session.system.stop();
  return song;
}

/** Seconds of audio per second of work, rendering `song` to a WAV file (the soundfont's loading apart). */
async function realTimeFactor(song: Song, bank: ArrayBuffer, effects: boolean, count = runs): Promise<{ audioSeconds: number; ms: number; rtf: number }> {
  const smf = writeSmf(song);
  const rtfs: number[] = [];
  const times: number[] = [];
  let audioSeconds = 0;
  for (let i = 0; i < count; i++) {
    const synth = await loadSynth(bank, undefined, { effects });
    const t0 = performance.now();
    const r = renderSmfToWav(smf, synth, join(dir, "bench.wav"));
    const ms = performance.now() - t0;
    audioSeconds = r.frames / r.sampleRate;
    times.push(ms);
    rtfs.push(audioSeconds / (ms / 1000));
  }
  return { audioSeconds: round(audioSeconds), ms: round(median(times), 0), rtf: round(median(rtfs)) };
}

async function offline(): Promise<Figures> {
  const readMs: number[] = [];
  const parseMs: number[] = [];
  let bank!: ArrayBuffer;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bank = readSoundfont();
    const t1 = performance.now();
    await loadSynth(bank);
    readMs.push(t1 - t0);
    parseMs.push(performance.now() - t1);
  }
  console.log("offline (audio files, on one core):");
  console.log(`  soundfont FluidR3Mono_GM (${(bank.byteLength / 1e6).toFixed(1)} MB): read ${median(readMs).toFixed(0)} ms, parsed into a synth ${median(parseMs).toFixed(0)} ms (median of ${runs})`);
  // A command renders once per process: its first render also decodes the samples it plays (SF3
  // holds them compressed). Measured once cold, then warmed up so the timed runs compare renders.
  const toccata = pieceToSong(compose({ archetype: "Toccata", bars: 32, seed: "1" }));
  const cold = await realTimeFactor(toccata, bank, true, 1);
  console.log(`  Toccata cold (the first render in the process): ${cold.ms} ms = ${cold.rtf}× real time`);
  await realTimeFactor(pieceToSong(compose({ archetype: "Random", bars: 32, seed: "warm" })), bank, true, 1);

  const songs: [string, Song][] = [
    ["default set (patches/, 64 bars at 124 bpm)", await defaultSet(64, 124)],
    ["patches/basic.ts (64 bars at 124 bpm)", (await renderPatch(resolve("patches/basic.ts"), { bars: 64, bpm: 124, onProblem: () => {} })).song],
    ["Toccata (32 bars, seed 1)", toccata],
  ];
  const keys = ["defaultSet", "basic", "toccata"];
  const figures: Figures = { soundfontReadMs: round(median(readMs)), soundfontParseMs: round(median(parseMs)), toccataColdRtf: cold.rtf };
  for (const [i, [name, song]] of songs.entries()) {
    const on = await realTimeFactor(song, bank, true);
    const off = await realTimeFactor(song, bank, false);
    console.log(`  ${name}: ${on.audioSeconds} s of audio in ${on.ms} ms = ${on.rtf}× real time with reverb and chorus; ${off.rtf}× without (${off.ms} ms)`);
    figures[keys[i]!] = { audioSeconds: on.audioSeconds, rtfEffects: on.rtf, rtfDry: off.rtf };
  }

  const long = await defaultSet(310, 124); // 310 bars at 124 bpm: 10 minutes
  const before = process.memoryUsage().rss;
  let peakRss = before;
  let blocks = 0;
  const synth = await loadSynth(bank);
  const wav = new WavFileWriter(join(dir, "long.wav"), synth.sampleRate);
  const t0 = performance.now();
  const r = renderSmf(writeSmf(long), synth, (left, right, n) => {
    wav.append(left, right, n);
    if (blocks++ % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });
  const ms = performance.now() - t0;
  wav.close();
  const minutes = r.frames / r.sampleRate / 60;
  console.log(
    `  a ${minutes.toFixed(1)}-minute set of the default set to WAV in ${(ms / 1000).toFixed(1)} s (${round(r.frames / r.sampleRate / (ms / 1000))}×, ${blocks} blocks): resident memory ${(before / 1e6).toFixed(0)} MB before, at most ${(peakRss / 1e6).toFixed(0)} MB during`,
  );
  figures.tenMinutes = { minutes: round(minutes, 2), seconds: round(ms / 1000), rssBeforeMB: round(before / 1e6, 0), rssPeakMB: round(peakRss / 1e6, 0) };
  const worst = Math.min(...keys.map((k) => (figures[k] as { rtfEffects: number }).rtfEffects));
  figures.goalRtf = 20;
  figures.pass = worst >= 20;
  return figures;
}

async function live(): Promise<Figures> {
  console.log("live (the built-in synth in real time, on no audio device):");
  return { set: await liveSetCost(20), voices: await voicesBeforeDropout() };
}

const results: Figures = {};
try {
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (only === undefined || only === name) results[name] = await section(runs);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: "synth", runs, ...results }));
