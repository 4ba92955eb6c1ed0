// Seed §3 — Minimal example: Euclidean rhythm → arpeggiator → MIDI.
// Run: npx tsx docs/examples/03-minimal.ts   (writes out.mid, and says what it played)
import {
  System, EventScheduler, Clock,
  defaultScales, EuclideanPattern, EuclideanRhythmNode,
  Arpeggiator, ArpConfig,
  MidiOutSink, MidiAuxRouter, noteName,
} from "magicbus";

export async function main(outPath = "out.mid", seconds = 15.0) {
  const bpm = 124.0;
  const sys = new System();
  const bus = sys.bus;

  const scales = defaultScales();

  const sched = new EventScheduler(bus);
  const clock = new Clock(bus, { bpm, stepsPerBeat: 4, loopSteps: 16 });

  const rhythm = new EuclideanRhythmNode(bus, {
    name: "euc",
    pattern: new EuclideanPattern({ steps: 16, pulses: 5, rotation: 0 }),
    hitTriggerName: "rhythm_hit",
    probability: 0.95,
  });

  const arp = new Arpeggiator(bus, scales, {
    name: "arp",
    triggerName: "rhythm_hit",
    scaleName: "dorian",
    rootMidi: 60,
    config: new ArpConfig({
      degrees: [0, 2, 4, 6],
      pattern: "updown",
      octaves: 2,
      gateBeats: 0.22,
      velocity: 0.85,
    }),
  });

  const midi = new MidiOutSink(bus, { bpm, outPath });
  const midiAux = new MidiAuxRouter(bus, midi);

  sys.add(sched);
  sys.add(clock);
  sys.add(rhythm);
  sys.add(arp);
  sys.add(midiAux);
  sys.add(midi);

  try {
    await sys.runFor(seconds);
  } finally {
    midi.close();
  }
  return { sys, midi, rhythm, arp };
}

/** What a run played, in one line (the rhythm and the arpeggio read back from the nodes). */
export function summary({ sys, midi, rhythm, arp }: Awaited<ReturnType<typeof main>>): string {
  const { pulses, steps } = rhythm.pattern;
  const root = noteName(arp.rootMidi).replace(/-?\d+$/, "");
  const bpm = sys.timeline.tempo.bpmAt(0);
  return `wrote ${midi.outPath}: ${midi.noteCount} notes, ${sys.timeline.nowSeconds.toFixed(1)} s, ${pulses}-in-${steps} ${root} ${arp.scaleName} ${arp.config.pattern} at ${bpm} bpm`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summary(await main()));
