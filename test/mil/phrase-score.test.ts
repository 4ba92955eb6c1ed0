/** One phrase's score, written apart from the Composer: what it holds, and what decides it. */
import { describe, expect, it } from "vitest";
import { character, characterParams } from "../../src/mil/character.ts";
import { NO_CORRECTION } from "../../src/mil/feedback.ts";
import type { Section } from "../../src/mil/form.ts";
import { generateMotif } from "../../src/mil/motif.ts";
import { writePhrase, writtenNotes, type PhrasePlan } from "../../src/mil/phrase-score.ts";
import { streamFor } from "../../src/mil/rng.ts";

const nocturne = character(0.3, 0.5, 0.5, 0.8, 0.3);
const params = characterParams(nocturne);

function plan(o: Partial<PhrasePlan> = {}, role: Section["role"] = "A"): PhrasePlan {
  return {
    bars: 4,
    metre: "4/4",
    barBeats: 4,
    cadence: "half",
    final: false,
    consequent: false,
    section: { role, startBar: 0, bars: 8, key: { tonic: 3, mode: "major" }, offset: [0, 0, 0, 0, 0], dynamicBase: 0.55 },
    key: { tonic: 3, mode: "major" },
    character: nocturne,
    params,
    motif: generateMotif(nocturne, params, 4, streamFor(1, "motif"), 2),
    transform: "identity",
    intensity: () => 0.5,
    tensionTrend: 0,
    corrections: NO_CORRECTION,
    idiom: {},
    sectionPattern: "arpeggiated",
    previousBass: undefined,
    ...o,
  };
}

const streams = (seed: number) => ({ harmony: streamFor(seed, "harmony"), melody: streamFor(seed, "melody"), texture: streamFor(seed, "texture") });

describe("a phrase's score", () => {
  it("fills its bars: chords end to end, every note inside, the melody closing on its cadence note", () => {
    const score = writePhrase(plan(), streams(1));
    expect(score.chords[0]!.beat).toBe(0);
    for (let i = 1; i < score.chords.length; i++) expect(score.chords[i]!.beat).toBe(score.chords[i - 1]!.beat + score.chords[i - 1]!.beats);
    const last = score.chords.at(-1)!;
    expect(last.beat + last.beats).toBe(16);
    for (const n of [...score.melody.notes, ...score.accompaniment, ...score.bass]) {
      expect(n.beat).toBeGreaterThanOrEqual(0);
      expect(n.beat + n.duration).toBeLessThanOrEqual(16 + 1e-9);
    }
    expect(score.melody.notes.at(-1)!.role).toBe("cadence");
    expect(score.pattern).toBe("arpeggiated");
  });

  it("is the same score for the same plan and streams, another for other streams", () => {
    const a = writePhrase(plan(), streams(1));
    expect(writePhrase(plan(), streams(1))).toEqual(a);
    expect(writePhrase(plan(), streams(2)).melody).not.toEqual(a.melody);
  });

  it("the idiom's texture overrides the section's; a home texture only in the home sections", () => {
    expect(writePhrase(plan({ idiom: { texture: "toccata" } }, "B"), streams(1)).pattern).toBe("toccata");
    expect(writePhrase(plan({ idiom: { homeTexture: "sustained" } }, "A'"), streams(1)).pattern).toBe("sustained");
    expect(writePhrase(plan({ idiom: { homeTexture: "sustained" } }, "B"), streams(1)).pattern).toBe("arpeggiated");
  });

  it("moves the bass on from the phrase before: a different previous note, a different first bass note", () => {
    const low = writePhrase(plan({ previousBass: 30 }), streams(1)).bass[0]!.pitch;
    const high = writePhrase(plan({ previousBass: 50 }), streams(1)).bass[0]!.pitch;
    expect(high).toBeGreaterThan(low);
  });

  it("its written notes are the score's, moved to the phrase's beat and named by voice", () => {
    const score = writePhrase(plan(), streams(1));
    const written = writtenNotes(score, 24);
    const voices = ["melody", "accompaniment", "bass"] as const;
    const parts = [score.melody.notes, score.accompaniment, score.bass];
    expect(written.map((n) => n.voice)).toEqual(voices.flatMap((v, i) => parts[i]!.map(() => v)));
    expect(written.map((n) => [n.beat - 24, n.pitch, n.duration])).toEqual(parts.flat().map((n) => [n.beat, n.pitch, n.duration]));
    expect(written.filter((n) => n.cadence).length).toBe(score.melody.notes.filter((n) => n.role === "cadence").length);
  });
});
