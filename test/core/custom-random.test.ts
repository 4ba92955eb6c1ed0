/**
 * The seed API's `random`: a node given a custom RandomPolicy leaves every chance to that policy's
 * own `chance(p)`, in order, so a stateful policy (docs/examples/07-randomness.ts: never two
 * skipped notes in a row) decides on its own terms rather than being read as a bare uniform draw.
 */
import { describe, expect, it } from "vitest";
import { Arpeggiator, ArpConfig, defaultScales, NoteEvent, SeededRandom, TriggerEvent, type RandomPolicy } from "../../src/index.ts";
import { virtualSystem } from "../helpers.ts";

/** Answers chance() from a script and remembers what it was asked. */
class Scripted extends SeededRandom implements RandomPolicy {
  asked: number[] = [];
  constructor(private readonly answers: boolean[]) {
    super("scripted");
  }
  override chance(p: number): boolean {
    this.asked.push(p);
    return this.answers[this.asked.length - 1] ?? true;
  }
}

async function play(probability: number, answers: boolean[]) {
  const s = virtualSystem();
  const policy = new Scripted(answers);
  s.system.add(new Arpeggiator(s.bus, defaultScales(), { name: "arp", config: new ArpConfig({ degrees: [0], probability }), random: policy }));
  const played: number[] = [];
  s.bus.on(NoteEvent, (n) => played.push(n.tick!));
  for (let i = 0; i < answers.length; i++) s.sched.at(i * 100, () => s.bus.emit(new TriggerEvent({ name: "hit", value: 1 })));
  await s.system.runUntilTick(answers.length * 100);
  return { asked: policy.asked, played };
}

describe("a node with a custom RandomPolicy", () => {
  it("asks the policy's chance(p) for every chance, and plays exactly what it answers", async () => {
    const { asked, played } = await play(0.7, [true, false, false, true, false]);
    expect(asked).toEqual([0.7, 0.7, 0.7, 0.7, 0.7]);
    expect(played).toEqual([0, 300]);
  });

  it("asks even at probability 1 and 0 (a stateful policy counts every note)", async () => {
    expect((await play(1, [true, true])).asked).toEqual([1, 1]);
    expect((await play(0, [false])).asked).toEqual([0]);
  });
});
