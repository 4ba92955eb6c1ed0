// Seed §4 — Continuous → discrete: an Integrator turns an LFO into scale changes.
// Run: npx tsx docs/examples/04-integrator.ts   (writes out.mid, and says when the scale flipped)
import {
  System, EventScheduler, Clock,
  defaultScales,
  EuclideanPattern, EuclideanRhythmNode,
  Arpeggiator, ArpConfig,
  ContinuousSignal, Integrator,
  ParamChangeEvent, TriggerEvent,
  MidiOutSink, MidiAuxRouter, EventBus,
} from "magicbus";

export class ScaleFlipNode {
  scales = ["dorian", "phrygian", "lydian", "mixolydian", "minor", "major"];
  i = 0;
  flips = 0;
  /** Each flip: when (the tick) and to which scale. */
  history: Array<{ tick: number; scale: string }> = [];

  constructor(public bus: EventBus) {}

  async start() {
    const sub = await this.bus.subscribe(TriggerEvent);
    try {
      while (true) {
        const ev = await sub.recv();
        if (ev.name !== "scale_flip") continue;
        this.i = (this.i + 1) % this.scales.length;
        this.flips++;
        this.history.push({ tick: this.bus.now, scale: this.scales[this.i]! });
        await this.bus.publish(
          new ParamChangeEvent({ target: "arp", param: "scale", value: this.scales[this.i] }),
        );
      }
    } finally {
      await sub.close();
    }
  }
}

export async function main(outPath = "out.mid", seconds = 20.0) {
  const bpm = 120;
  const sys = new System();
  const bus = sys.bus;
  const scales = defaultScales();

  const sched = new EventScheduler(bus);
  const clock = new Clock(bus, { bpm, stepsPerBeat: 4, loopSteps: 16 });

  const rhythm = new EuclideanRhythmNode(bus, {
    pattern: new EuclideanPattern({ steps: 16, pulses: 5, rotation: 0 }),
    hitTriggerName: "rhythm_hit",
    probability: 0.9,
  });

  const arp = new Arpeggiator(bus, scales, {
    name: "arp",
    triggerName: "rhythm_hit",
    scaleName: "dorian",
    rootMidi: 60,
    config: new ArpConfig({ degrees: [0, 2, 4, 6], pattern: "up", octaves: 2 }),
  });

  // continuous control signal
  const lfo = new ContinuousSignal(bus, {
    name: "mod_noise",
    hz: 60,
    fn: (t) => 0.6 * Math.sin(2 * Math.PI * 0.43 * t) + 0.4 * Math.sin(2 * Math.PI * 0.78 * t + 1.1),
  });

  // integrate; trigger when integrated state crosses threshold
  const integ = new Integrator(bus, {
    sourceValueName: "mod_noise",
    leak: 0.06,
    scale: 1.0,
    threshold: 0.85,
    triggerName: "scale_flip",
    triggerProbability: 0.75, // randomness: not every threshold crossing triggers
  });

  const midi = new MidiOutSink(bus, { bpm, outPath });
  const midiAux = new MidiAuxRouter(bus, midi);
  const flip = new ScaleFlipNode(bus);

  sys.add(sched);
  sys.add(clock);
  sys.add(rhythm);
  sys.add(arp);
  sys.add(lfo);
  sys.add(integ);
  sys.add(flip);
  sys.add(midiAux);
  sys.add(midi);

  try {
    await sys.runFor(seconds);
  } finally {
    midi.close();
  }
  return { sys, midi, arp, integ, flip };
}

/** What a run played, in one line: the notes, and each scale flip with its time. */
export function summary({ sys, midi, flip }: Awaited<ReturnType<typeof main>>): string {
  const flips = flip.history.map((f) => `${sys.timeline.tempo.toSeconds(f.tick).toFixed(1)} s ${f.scale}`).join(", ");
  return `wrote ${midi.outPath}: ${midi.noteCount} notes, ${sys.timeline.nowSeconds.toFixed(1)} s; ${flip.flips} scale flips: ${flips}`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summary(await main()));
