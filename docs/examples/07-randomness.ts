// Seed §7 — Randomness controls: probabilistic hits, notes and integrated triggers,
// and a custom RandomPolicy swapped into a node.
// Run: npx tsx docs/examples/07-randomness.ts
import {
  System, EventScheduler, Clock, defaultScales,
  EuclideanPattern, EuclideanRhythmNode, Arpeggiator, ArpConfig,
  ContinuousSignal, Integrator, MidiOutSink, SeededRandom,
  type RandomPolicy,
} from "magicbus";

/** A stateful policy: after a note is skipped, the next one always plays (no long silences). */
export class NoTwoSilences implements RandomPolicy {
  private inner: RandomPolicy;
  private skipped = false;
  constructor(seed: string) {
    this.inner = new SeededRandom(seed);
  }
  random() { return this.inner.random(); }
  chance(p: number) {
    if (this.skipped) {
      this.skipped = false;
      return true;
    }
    const ok = this.inner.chance(p);
    this.skipped = !ok;
    return ok;
  }
  choice<T>(items: readonly T[]) { return this.inner.choice(items); }
  int(lo: number, hi: number) { return this.inner.int(lo, hi); }
  save() { return { inner: this.inner.save(), skipped: this.skipped }; }
  restore(s: unknown) {
    const st = s as { inner: unknown; skipped: boolean };
    this.inner.restore(st.inner);
    this.skipped = st.skipped;
  }
}

export async function main(outPath = "out.mid", seed: string | number = 7) {
  const sys = new System({ seed });
  const bus = sys.bus;
  const scales = defaultScales();
  const sched = new EventScheduler(bus);

  // Probabilistic rhythm hits: only 80% of hits become triggers.
  const rhythm = new EuclideanRhythmNode(bus, {
    name: "euc",
    pattern: new EuclideanPattern({ steps: 8, pulses: 5 }),
    hitTriggerName: "hit",
    probability: 0.8,
  });
  // Probabilistic note generation: only 70% of triggers produce notes — with a custom policy.
  const arp = new Arpeggiator(bus, scales, {
    name: "arp",
    triggerName: "hit",
    config: new ArpConfig({ degrees: [0, 2, 4], probability: 0.7 }),
    random: new NoTwoSilences(`${seed}/arp`),
  });
  // Probabilistic integrated triggers: only 60% of threshold crossings become triggers.
  const lfo = new ContinuousSignal(bus, { name: "lfo", hz: 30, fn: (t) => Math.sin(t) });
  const integ = new Integrator(bus, { name: "integ", sourceValueName: "lfo", threshold: 0.5, triggerProbability: 0.6 });
  const midi = new MidiOutSink(bus, { outPath });

  for (const n of [sched, new Clock(bus, { bpm: 120 }), rhythm, arp, lfo, integ, midi]) sys.add(n);
  await sys.runFor(16.0);
  midi.close();
  return { sys, midi };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
