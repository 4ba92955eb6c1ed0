/**
 * Every seed README example, ported in docs/examples, does what its section says, asserted on
 * what it played: exact note counts, onsets, pitches and gates (every run is on the virtual clock
 * with a fixed seed, so these are facts, not estimates), and the line each prints when run as a
 * script (test/examples/run-as-script.test.ts checks that the script prints it).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allNotes, defaultScales, EuclideanPattern, readSmf, PPQ, type Node, type SongNote, type System } from "../../src/index.ts";
import { main as minimal, summary as minimalSummary } from "../../docs/examples/03-minimal.ts";
import { main as integrator, summary as integratorSummary } from "../../docs/examples/04-integrator.ts";
import { main as params, summary as paramsSummary } from "../../docs/examples/05-params.ts";
import { main as scalesExample, summary as scalesSummary } from "../../docs/examples/06-scales.ts";
import { main as randomness, longestSilence, NoTwoSilences, summary as randomnessSummary } from "../../docs/examples/07-randomness.ts";
import { wire } from "../../docs/examples/08-transpose-run.ts";

const dir = mkdtempSync(join(tmpdir(), "magicbus-examples-"));
const param = (sys: System, node: string, p: string) => (sys.node(node) as Node).getParam(p);
const out = (name: string) => join(dir, name);
const pitchClass = (p: number) => ((p % 12) + 12) % 12;
const pitchClasses = (notes: SongNote[]) => [...new Set(notes.map((n) => pitchClass(n.pitch)))].sort((a, b) => a - b);
const SIXTEENTH = PPQ / 4;
/** The sixteenth a note starts on, counted from the start (every example steps in sixteenths). */
const step = (n: SongNote) => n.tick / SIXTEENTH;
/** The pitch classes an arpeggio of `degrees` takes from `scale` over C. */
const chordOf = (scale: string, degrees = [0, 2, 4, 6]) => degrees.map((d) => defaultScales().get(scale).intervals[d]!).sort((a, b) => a - b);

describe("seed §3 minimal example", () => {
  it("writes 15 s of a 5-in-16 C dorian arpeggio, up and down, at 124 bpm with the exact gate", async () => {
    const run = await minimal(out("03.mid"), 15);
    const song = readSmf(readFileSync(out("03.mid")));
    const notes = allNotes(song);
    expect(notes).toHaveLength(37);
    expect(run.midi.noteCount).toBe(37);
    expect(song.tempos).toHaveLength(1);
    expect(song.tempos[0]!.bpm).toBeCloseTo(124, 3); // a file holds µs per beat: 483871 µs is 123.99999 bpm
    // 15 s at 124 bpm = 31 beats = 124 sixteenths; E(5,16) hits steps 0 3 6 9 12 of each bar: 39 hits
    const hits = Array.from({ length: 124 }, (_, s) => s).filter((s) => [0, 3, 6, 9, 12].includes(s % 16));
    expect(hits).toHaveLength(39);
    const played = notes.map(step);
    expect(played.every((s) => hits.includes(s))).toBe(true);
    // 95 % of them sound: this seed skips two
    expect(hits.filter((s) => !played.includes(s))).toEqual([54, 76]);
    // C dorian, degrees 0 2 4 6 over two octaves, up and down; a skipped hit does not move the arpeggio on
    const cycle = [60, 63, 67, 70, 72, 75, 79, 82, 79, 75, 72, 70, 67, 63];
    expect(notes.map((n) => n.pitch)).toEqual(notes.map((_, i) => cycle[i % cycle.length]));
    for (const n of notes) expect(n.endTick - n.tick).toBe(Math.round(0.22 * PPQ));
    expect(minimalSummary(run)).toBe(`wrote ${out("03.mid")}: 37 notes, 15.0 s, 5-in-16 C dorian updown at 124 bpm`);
  });
});

describe("seed §4 integrator example", () => {
  it("the LFO, integrated, flips the arpeggiator's scale six times in 20 s; every note is in the scale of its moment", async () => {
    const run = await integrator(out("04.mid"), 20);
    const { flip, midi, sys } = run;
    expect(flip.flips).toBe(6);
    expect(flip.history.map((f) => f.scale)).toEqual(["phrygian", "lydian", "mixolydian", "minor", "major", "dorian"]);
    expect(param(sys, "arp", "scale")).toBe("dorian"); // six flips through six scales: back to the first
    const notes = allNotes(midi.toSong());
    expect(notes).toHaveLength(45);
    const scaleAt = (tick: number) => [...flip.history].reverse().find((f) => f.tick <= tick)?.scale ?? "dorian";
    for (const n of notes) expect(chordOf(scaleAt(n.tick)), `note at ${n.tick}`).toContain(pitchClass(n.pitch));
    // the major-third scales (lydian, mixolydian, major) really sounded: E appears, which dorian lacks
    expect(pitchClasses(notes)).toEqual([0, 3, 4, 7, 10, 11]);
    expect(integratorSummary(run)).toBe(
      `wrote ${out("04.mid")}: 45 notes, 20.0 s; 6 scale flips: 2.2 s phrygian, 6.2 s lydian, 8.4 s mixolydian, 13.2 s minor, 16.9 s major, 19.3 s dorian`,
    );
  });
});

describe("seed §5 parameter changes", () => {
  it("after the ParamChangeEvents the rhythm is 7-in-16 rotated by 3 and the arp plays C minor over 3 octaves", async () => {
    const run = await params(out("05.mid"));
    const { sys, midi, changedAt } = run;
    expect(param(sys, "euc", "pulses")).toBe(7);
    expect(param(sys, "euc", "rotation")).toBe(3);
    expect(param(sys, "arp", "scale")).toBe("minor");
    expect(param(sys, "arp", "octaves")).toBe(3);
    expect(changedAt).toBe(7936); // where the first 4 s ended: 4 s × 124/60 beats/s × 960
    const notes = allNotes(midi.toSong());
    const before = notes.filter((n) => n.tick < changedAt);
    const after = notes.filter((n) => n.tick >= changedAt);
    expect([before.length, after.length]).toEqual([11, 15]);
    // before: the minimal example's E(5,16), dorian, gate 0.22
    for (const n of before) expect([0, 3, 6, 9, 12]).toContain(step(n) % 16);
    for (const n of before) expect(n.endTick - n.tick).toBe(Math.round(0.22 * PPQ));
    // after: E(7,16) rotated by 3 on the same bar grid, gate 0.15, C minor degrees 0 2 4 7 over 3 octaves
    const newRhythm = new EuclideanPattern({ steps: 16, pulses: 7, rotation: 3 });
    for (const n of after) expect(newRhythm.isHit(step(n) % 16), `step ${step(n)}`).toBe(true);
    for (const n of after) expect(n.endTick - n.tick).toBe(Math.round(0.15 * PPQ));
    const minorChord = [60, 63, 67, 72].flatMap((p) => [p, p + 12, p + 24]);
    for (const n of after) expect(minorChord).toContain(n.pitch);
    expect(Math.max(...after.map((n) => n.pitch))).toBeGreaterThan(84); // the third octave is used
    expect(paramsSummary(run)).toBe(
      `wrote ${out("05.mid")}: 26 notes, 8.0 s; 11 before the changes at 4.0 s, 15 after: ` +
        "7-in-16 rotated 3 at 0.7, minor random degrees 0 2 4 7 over 3 octaves, gate 0.15 beats",
    );
  });
});

describe("seed §6 custom scales", () => {
  it("a harmonic minor added at runtime is what the arpeggiator plays from then on", async () => {
    const run = await scalesExample(out("06.mid"));
    const { sys, midi, scales, switchedAt } = run;
    expect(scales.get("harmonic_minor").intervals).toEqual([0, 2, 3, 5, 7, 8, 11]);
    expect(param(sys, "arp", "scale")).toBe("harmonic_minor");
    const notes = allNotes(midi.toSong());
    const before = notes.filter((n) => n.tick < switchedAt);
    const after = notes.filter((n) => n.tick >= switchedAt);
    expect([before.length, after.length]).toEqual([6, 10]);
    expect(pitchClasses(before)).toEqual(chordOf("dorian"));
    // degree 6 of harmonic minor is the raised 7th (B), never in the dorian before it
    expect(pitchClasses(after)).toEqual(chordOf("harmonic_minor"));
    expect(pitchClasses(after)).toContain(11);
    expect(scalesSummary(run)).toBe(
      `wrote ${out("06.mid")}: 16 notes, 6.0 s; from 2.0 s harmonic_minor (0 2 3 5 7 8 11): 10 notes on C4 D#4 G4 B4 C5 D#5 G5 B5`,
    );
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

  it("the custom policy never lets two chances in a row fail, yet some fail", () => {
    const policy = new NoTwoSilences("x");
    const draws = Array.from({ length: 2000 }, () => policy.chance(0.3));
    expect(draws.filter((d) => !d).length).toBeGreaterThan(500);
    for (let i = 1; i < draws.length; i++) expect(draws[i - 1] || draws[i]).toBe(true);
  });

  it("in the example, each probability thins what it governs, and the arp's policy never leaves two hits in a row silent", async () => {
    const run = await randomness(out("07d.mid"), 7);
    const notes = allNotes(run.midi.toSong());
    // 16 s at 120 bpm = 128 sixteenths = 16 cycles of E(5,8): 80 hits, 80 % kept
    expect(run.hits).toHaveLength(61);
    expect(notes).toHaveLength(45);
    expect(run.triggers).toBe(12);
    const noteTicks = new Set(notes.map((n) => n.tick));
    for (const t of noteTicks) expect(run.hits).toContain(t); // a note only where a hit was
    expect(longestSilence(run.hits, noteTicks)).toBe(1); // some silent hits, never two in a row
    expect(pitchClasses(notes)).toEqual([0, 4, 7]); // C major, degrees 0 2 4
    expect(randomnessSummary(run)).toBe(
      `wrote ${out("07d.mid")}: 45 notes, 16.0 s, seed 7; 61 hits of E(5,8) at 0.8, 45 of them notes at 0.7 ` +
        "(at most 1 silent hit in a row), 12 integrator triggers at 0.6",
    );
  });

  it("longestSilence counts the hits in a row that played nothing", () => {
    expect(longestSilence([0, 1, 2, 3, 4], new Set([0, 4]))).toBe(3);
    expect(longestSilence([0, 1, 2], new Set([0, 1, 2]))).toBe(0);
    expect(longestSilence([], new Set())).toBe(0);
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
