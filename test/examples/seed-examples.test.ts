/** Every seed README example, ported in docs/examples, runs and does what its section says. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, readSmf, PPQ, type Node, type System } from "../../src/index.ts";
import { main as minimal } from "../../docs/examples/03-minimal.ts";
import { main as integrator } from "../../docs/examples/04-integrator.ts";
import { main as params } from "../../docs/examples/05-params.ts";
import { main as scalesExample } from "../../docs/examples/06-scales.ts";
import { main as randomness, NoTwoSilences } from "../../docs/examples/07-randomness.ts";
import { wire } from "../../docs/examples/08-transpose-run.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-examples-"));
const param = (sys: System, node: string, p: string) => (sys.node(node) as Node).getParam(p);
const out = (name: string) => join(dir, name);
const pitchClasses = (pitches: number[]) => new Set(pitches.map((p) => ((p % 12) + 12) % 12));

describe("seed §3 minimal example", () => {
  it("writes 15 s of a 5-in-16 dorian arpeggio at 124 bpm with the exact gate", async () => {
    const { midi } = await minimal(out("03.mid"), 15);
    const song = readSmf(readFileSync(out("03.mid")));
    const notes = allNotes(song);
    expect(notes.length).toBe(midi.noteCount);
    expect(song.tempos[0]!.bpm).toBeCloseTo(124, 3);
    // 15 s at 124 bpm = 31 beats = 7.75 bars of 5 hits, 95 % of them kept.
    expect(notes.length).toBeGreaterThan(30);
    expect(notes.length).toBeLessThanOrEqual(40);
    for (const n of notes) expect(n.endTick - n.tick).toBe(Math.round(0.22 * PPQ));
    // D dorian over C: C D Eb F G A Bb — degrees 0,2,4,6 of C dorian = C Eb G Bb
    expect([...pitchClasses(notes.map((n) => n.pitch))].sort((a, b) => a - b)).toEqual([0, 3, 7, 10]);
    // every onset sits on a 16th of the bar pattern E(5,16): steps 0,3,6,9,12 (Bjorklund)
    const steps = new Set(notes.map((n) => (n.tick / (PPQ / 4)) % 16));
    for (const s of steps) expect([0, 3, 6, 9, 12]).toContain(s);
  });
});

describe("seed §4 integrator example", () => {
  it("the LFO, integrated, flips the arpeggiator's scale several times in 20 s", async () => {
    const { flip, midi } = await integrator(out("04.mid"), 20);
    // the integrated |LFO| crosses 0.85 about every 2 s; 3 in 4 crossings fire
    expect(flip.flips).toBeGreaterThanOrEqual(3);
    const notes = midi.toSong().tracks.flatMap((t) => t.notes);
    // more than the 4 pitch classes of one dorian chord of degrees: the scale really changed
    expect(pitchClasses(notes.map((n) => n.pitch)).size).toBeGreaterThan(4);
  });
});

describe("seed §5 parameter changes", () => {
  it("after the ParamChangeEvents the rhythm has 7 pulses and the arp plays minor over 3 octaves", async () => {
    const { sys, midi } = await params(out("05.mid"));
    expect(param(sys, "euc", "pulses")).toBe(7);
    expect(param(sys, "euc", "rotation")).toBe(3);
    expect(param(sys, "arp", "scale")).toBe("minor");
    expect(param(sys, "arp", "octaves")).toBe(3);
    const notes = midi.toSong().tracks.flatMap((t) => t.notes);
    // the first run ended at 4 s = 8.27 beats; from beat 9 on everything is after the changes
    const later = notes.filter((n) => n.tick >= 9 * PPQ);
    expect(later.length).toBeGreaterThan(0);
    for (const n of later) expect(n.endTick - n.tick).toBe(Math.round(0.15 * PPQ));
    // degrees 0,2,4,7 of C minor: C Eb G C' — pitch classes {0,3,7}
    for (const p of pitchClasses(later.map((n) => n.pitch))) expect([0, 3, 7]).toContain(p);
  });
});

describe("seed §6 custom scales", () => {
  it("a harmonic minor added at runtime is used by the arpeggiator", async () => {
    const { sys, midi, scales } = await scalesExample(out("06.mid"));
    expect(scales.get("harmonic_minor").intervals).toEqual([0, 2, 3, 5, 7, 8, 11]);
    expect(param(sys, "arp", "scale")).toBe("harmonic_minor");
    const notes = midi.toSong().tracks.flatMap((t) => t.notes);
    // degree 6 of harmonic minor is the raised 7th (B), never in the dorian before it
    expect(notes.some((n) => n.pitch % 12 === 11)).toBe(true);
  });
});

describe("seed §7 randomness", () => {
  it("is reproducible under a seed and differs under another", async () => {
    const a = allNotes((await randomness(out("07a.mid"), 7)).midi.toSong());
    const b = allNotes((await randomness(out("07b.mid"), 7)).midi.toSong());
    const c = allNotes((await randomness(out("07c.mid"), 8)).midi.toSong());
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(readFileSync(out("07a.mid"))).toEqual(readFileSync(out("07b.mid")));
  });

  it("the custom policy never lets two chances in a row fail, yet some fail", async () => {
    const policy = new NoTwoSilences("x");
    const draws = Array.from({ length: 2000 }, () => policy.chance(0.3));
    expect(draws.filter((d) => !d).length).toBeGreaterThan(500);
    for (let i = 1; i < draws.length; i++) expect(draws[i - 1] || draws[i]).toBe(true);
    // in the example, the arp's 70 % becomes more than 70 %: of the 80 % of E(5,8) hits kept
    const { midi } = await randomness(out("07d.mid"), 3);
    const hitsPlayed = allNotes(midi.toSong()).length;
    const hits = 5 * 16 * 0.8; // 16 s at 120 bpm = 32 beats = 16 cycles of E(5,8) in sixteenths
    expect(hitsPlayed / hits).toBeGreaterThan(0.72);
    expect(hitsPlayed / hits).toBeLessThan(0.95);
  });
});

describe("seed §8 a transpose node", () => {
  it("wired naively it feeds back; the loop is caught and named", async () => {
    const { problems } = await wire(false);
    expect(problems.some((p) => /loop/i.test(p.message) && /transpose/.test(p.message))).toBe(true);
  });

  it("routed, every note is the arpeggio an octave up and nothing loops", async () => {
    const routed = await wire(true);
    expect(routed.problems).toEqual([]);
    const notes = allNotes(routed.song);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect([0, 4, 7]).toContain(n.pitch % 12);
    expect(Math.min(...notes.map((n) => n.pitch))).toBeGreaterThanOrEqual(72);
  });
});
