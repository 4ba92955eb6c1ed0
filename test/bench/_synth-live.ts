/**
 * The live half of `npm run bench -- synth`: the built-in synth in real time, on no audio device
 * (the device's clock still runs in real time; this machine has no sound card). Imported by
 * synth.ts; each function prints its figures and returns them for the final JSON line.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Supervisor } from "../../src/live/engine/supervisor.ts";
import { nowMs } from "../../src/output/clock.ts";
import { OutputThread } from "../../src/output/output-thread.ts";
import { processCpuOver } from "./_process-cpu.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * CPU (% of one core) of the whole process while the default set plays `seconds`: with the
 * built-in synth, with a MIDI port (a recording one: what any live output costs), or with none.
 */
async function setCpu(output: "synth" | "midi" | "none", seconds: number) {
  const synth = output === "synth";
  const midi = output === "midi" ? await OutputThread.start({ port: { kind: "fake" } }) : undefined;
  const home = mkdtempSync(join(tmpdir(), "magicbus-bench-synth-"));
  cpSync(resolve("patches"), join(home, "patches"), { recursive: true });
  const s = await Supervisor.start({
    dir: join(home, "patches"),
    bpm: 124,
    seed: 7,
    record: join(home, "set.mid"),
    journal: false,
    quantize: "bar",
    port: synth ? { synth: "builtin", audio: "none", required: true } : false,
    ...(midi ? { output: { link: midi, description: "recording port", close: async () => void (await midi.close()) } } : {}),
    color: false,
    say: () => {},
    warn: (t) => console.error(`  ${t}`),
  });
  // From 8 s on, in all three alike: past the start-up (the synth's soundfont, the first programs
  // decoded) and the standby engine's loading (it starts 3 s after the music).
  const cpuPercent = await processCpuOver(seconds, 8000);
  const audio = synth ? (await s.output!.link.stats()).audio : undefined;
  await s.quit();
  return { cpuPercent, audio };
}

/** The default set with the synth, a MIDI port and no output: what the synth costs, and how it played. */
export async function liveSetCost(seconds: number) {
  const plain = await setCpu("none", seconds);
  const midi = await setCpu("midi", seconds);
  const synth = await setCpu("synth", seconds);
  const a = synth.audio!;
  const figures = {
    seconds,
    processCpuPercentWithout: round(plain.cpuPercent),
    processCpuPercentMidi: round(midi.cpuPercent),
    processCpuPercentWith: round(synth.cpuPercent),
    synthCpuPercent: round(synth.cpuPercent - plain.cpuPercent),
    synthOverMidiPercent: round(synth.cpuPercent - midi.cpuPercent),
    synthThreadCpuPercent: round(a.cpuPercent),
    dropouts: a.underruns,
    lateNotes: a.late,
    maxVoices: a.maxVoices,
    pathLatencyMs: round(a.pathLatencyMs),
    leadMs: a.leadMs,
  };
  console.log(
    `  the default set for ${seconds} s: the process uses ${figures.processCpuPercentWith} % of a core with the built-in synth, ` +
      `${figures.processCpuPercentMidi} % with a MIDI port, ${figures.processCpuPercentWithout} % with no output: the synth costs ${figures.synthCpuPercent} % ` +
      `(${figures.synthOverMidiPercent} % more than a MIDI port; its own thread ${figures.synthThreadCpuPercent} %); ` +
      `${a.underruns} dropouts, ${a.late} late notes, up to ${a.maxVoices} voices; audio path ${figures.pathLatencyMs} ms, notes sent ${a.leadMs} ms ahead`,
  );
  return figures;
}

/**
 * Voices at once before a dropout: sustained notes (a church organ, which never decays) are added
 * eight at a time every half second until the synth misses the device or `cap` voices sound.
 */
export async function voicesBeforeDropout(cap = 320) {
  const out = await OutputThread.start({ port: { kind: "builtin", audio: "none" }, latencyMs: 80, realtime: false });
  const stats = async () => (await out.stats()).audio!;
  for (let ch = 0; ch < 16; ch++) if (ch !== 9) out.send(nowMs(), [0xc0 | ch, 19]); // church organ everywhere but the drums
  await sleep(1500);
  const base = (await stats()).underruns;
  let sent = 0;
  let voices = 0;
  let dropped = false;
  while (voices < cap) {
    const at = nowMs();
    for (let i = 0; i < 8; i++, sent++) {
      const ch = sent % 16 === 9 ? 0 : sent % 16;
      out.send(at, [0x90 | ch, 36 + (sent % 60), 90]);
    }
    await sleep(500);
    const a = await stats();
    voices = a.voices;
    if (a.underruns > base) {
      dropped = true;
      break;
    }
  }
  const a = await stats();
  await out.close();
  console.log(`  voices at once: ${dropped ? `a dropout at ${voices} voices` : `${voices} voices with no dropout (stopped there)`} (synth thread ${round(a.cpuPercent)} % of a core on average)`);
  return { voices, dropout: dropped };
}
