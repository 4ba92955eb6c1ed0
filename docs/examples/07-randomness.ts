// Seed §7 — Randomness controls: probabilistic hits, notes and integrated triggers,
// and a custom RandomPolicy swapped into a node.
// Run: npx tsx docs/examples/07-randomness.ts   (writes out.mid, and says what the chances let through)
import {
  System, EventScheduler, Clock, defaultScales,
  EuclideanPattern, EuclideanRhythmNode, Arpeggiator, ArpConfig,
  ContinuousSignal, Integrator, MidiOutSink, SeededRandom, TriggerEvent, allNotes,
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

  // Keep what the chances let through: the ticks of the rhythm's hits, the integrator's triggers.
  const hits: number[] = [];
  let triggers = 0;
  bus.on(TriggerEvent, (ev) => {
    if (ev.name === "hit") hits.push(bus.now);
    if (ev.name === "integ") triggers++;
  });

  for (const n of [sched, new Clock(bus, { bpm: 120 }), rhythm, arp, lfo, integ, midi]) sys.add(n);
  await sys.runFor(16.0);
  midi.close();
  return { sys, midi, seed, hits, triggers };
}

/** The most hits in a row that played no note (the custom policy allows one at most). */
export function longestSilence(hits: readonly number[], noteTicks: ReadonlySet<number>): number {
  let run = 0;
  let longest = 0;
  for (const tick of hits) {
    run = noteTicks.has(tick) ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** What a run played, in one line: how many hits, notes and triggers each probability let through. */
export function summary({ sys, midi, seed, hits, triggers }: Awaited<ReturnType<typeof main>>): string {
  const noteTicks = new Set(allNotes(midi.toSong()).map((n) => n.tick));
  return (
    `wrote ${midi.outPath}: ${midi.noteCount} notes, ${sys.timeline.nowSeconds.toFixed(1)} s, seed ${seed}; ` +
    `${hits.length} hits of E(5,8) at 0.8, ${midi.noteCount} of them notes at 0.7 ` +
    `(at most ${longestSilence(hits, noteTicks)} silent hit in a row), ${triggers} integrator triggers at 0.6`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summary(await main()));
