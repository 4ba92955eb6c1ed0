// Seed §8, wired both ways. Run: npx tsx docs/examples/08-transpose-run.ts
import {
  System, EventScheduler, Clock, defaultScales, EuclideanPattern, EuclideanRhythmNode,
  Arpeggiator, ArpConfig, MidiOutSink, type Problem,
} from "magicbus";
import { RoutedTransposeNode, TransposeNode } from "./08-transpose.ts";

export async function wire(routed: boolean, problems: Problem[] = []) {
  const sys = new System({ logger: (p) => problems.push(p) });
  const bus = sys.bus;
  const sched = new EventScheduler(bus);
  sys.add(sched);
  sys.add(new Clock(bus, { bpm: 120 }));
  sys.add(new EuclideanRhythmNode(bus, { pattern: new EuclideanPattern({ steps: 8, pulses: 3 }) }));
  sys.add(new Arpeggiator(bus, defaultScales(), { name: "arp", config: new ArpConfig({ degrees: [0, 2, 4] }) }));
  sys.add(routed ? new RoutedTransposeNode(bus, 12) : new TransposeNode(bus, 12), "transpose");
  // Routed: the sink plays only what the transpose node publishes.
  const midi = sys.add(new MidiOutSink(bus, routed ? { from: "transpose" } : {}));
  await sys.runFor(4.0);
  return { sys, midi, song: midi.close(), problems };
}

export async function main() {
  const naive = await wire(false);
  console.log(`naive wiring: ${naive.midi.noteCount} notes; ${naive.problems.length} problem(s) reported`);
  for (const p of naive.problems) console.log(`  ${p.message}`);
  const routed = await wire(true);
  console.log(`routed wiring: ${routed.midi.noteCount} notes, all an octave up; ${routed.problems.length} problem(s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
