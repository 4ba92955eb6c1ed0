/**
 * The twenty named archetypes: fixed points of character space, at least 0.30 apart, each with
 * its genre's metre and groove. Vectors from the seed/specification.
 */
import type { AccompanimentPattern } from "./accompaniment.ts";
import { character, type Character, type Metre } from "./character.ts";
import type { GrooveName } from "./grooves.ts";
import { matchName } from "./names.ts";

export type ArchetypeFamily = "lyrical" | "dance" | "dramatic" | "virtuosic" | "free" | "structured";

export interface Archetype {
  name: string;
  family: ArchetypeFamily;
  character: Character;
  /** The genre's metre; the decision tree of character.ts is for unnamed characters only. */
  metre?: Metre;
  groove?: GrooveName;
  /** What it sounds like, for --list and the docs. */
  sound: string;
  /** The genre's conventions a listener checks first (its signature, docs/mil.md). */
  idiom: Idiom;
}

/**
 * What a character vector cannot say: the genre's conventions. The five dimensions bias every
 * choice; these name the few things a listener checks first (a waltz's oom-pah-pah in every
 * section, a mazurka's accent on two, a toccata's sixteenths, an elegy's minor), like the metre.
 */
export interface Idiom {
  /** the mode when none is asked for */
  mode?: "minor";
  /** the left hand's texture in every section */
  texture?: AccompanimentPattern;
  /** … or in the home sections only (A, A′), the contrasting ones choosing freely */
  homeTexture?: AccompanimentPattern;
  /** velocity added by position in the bar (each beat: quarters in 3/4 and 4/4, eighths in 6/8) and between beats */
  accents?: { beats: readonly number[]; between: number };
  /** "pedal": the bass holds the tonic under every harmony */
  bass?: "pedal";
}
const a = (
  name: string,
  family: ArchetypeFamily,
  v: [number, number, number, number, number],
  metre: Metre | undefined,
  groove: GrooveName | undefined,
  sound: string,
  idiom: Idiom = {},
): Archetype => ({ name, family, character: character(...v), metre, groove, sound, idiom });

export const ARCHETYPES: readonly Archetype[] = [
  a("Nocturne", "lyrical", [0.2, 0.4, 0.3, 0.92, 0.18], "4/4", "nocturne", "slow singing line over wide arpeggios, lazy rubato", { texture: "arpeggiated" }),
  a("Barcarolle", "lyrical", [0.28, 0.15, 0.48, 0.82, 0.1], "6/8", "barcarolle", "rocking 6/8 boat song, bright and even", { texture: "arpeggiated" }),
  a("Lullaby", "lyrical", [0.08, 0.15, 0.1, 0.75, 0.05], "6/8", "nocturne", "very slow, soft, simple, swaying", { texture: "arpeggiated" }),
  a("Berceuse", "lyrical", [0.05, 0.35, 0.62, 0.88, 0.05], "6/8", "nocturne", "cradle song with an ornate melody over a still bass", { texture: "arpeggiated", bass: "pedal" }),
  a("Arabesque", "lyrical", [0.32, 0.08, 0.72, 0.62, 0.25], undefined, undefined, "bright, curling, decorative lines", { texture: "flowing" }),
  a("Waltz", "dance", [0.45, 0.28, 0.3, 0.7, 0.2], "3/4", "viennese-waltz", "oom-pah-pah in 3/4, beat two anticipated", { texture: "waltz" }),
  a("Polonaise", "dance", [0.7, 0.48, 0.52, 0.22, 0.3], "3/4", "polonaise", "proud triple-metre dance, heavy chords", { texture: "polonaise" }),
  a("Tarantella", "dance", [0.93, 0.25, 0.58, 0.12, 0.48], "6/8", "tarantella", "whirling fast 6/8, detached and loud", { texture: "block" }),
  a("Mazurka", "dance", [0.6, 0.25, 0.38, 0.32, 0.4], "3/4", "mazurka", "triple metre with a delayed second beat", { texture: "waltz", accents: { beats: [-8, 10, 3], between: -2 } }),
  a("Ballade", "dramatic", [0.4, 0.62, 0.55, 0.8, 0.65], undefined, undefined, "narrative, dark, singing, changeable (rondo)"),
  a("Scherzo", "dramatic", [0.8, 0.62, 0.68, 0.18, 0.72], "3/4", undefined, "fast, dark, volatile 3/4 with chromatic harmony"),
  a("Elegy", "dramatic", [0.15, 0.78, 0.42, 0.72, 0.22], undefined, "nocturne", "slow lament, low register, minor colours", { mode: "minor" }),
  a("Sonata", "dramatic", [0.62, 0.55, 0.72, 0.48, 0.6], undefined, undefined, "purposeful, developmental, rich harmony", { homeTexture: "alberti" }),
  a("Étude", "virtuosic", [0.75, 0.35, 0.88, 0.45, 0.3], undefined, undefined, "running figuration, leaps, dense", { texture: "running" }),
  a("Toccata", "virtuosic", [0.95, 0.48, 0.82, 0.05, 0.42], undefined, "toccata", "relentless percussive sixteenths", { texture: "toccata" }),
  a("Rhapsody", "free", [0.65, 0.45, 0.6, 0.62, 0.85], undefined, undefined, "sweeping, free, big contrasts (rondo)"),
  a("Fantasia", "free", [0.45, 0.58, 0.8, 0.35, 0.92], undefined, undefined, "unpredictable, chromatic, improvisatory (rondo)"),
  a("March", "structured", [0.82, 0.2, 0.35, 0.1, 0.25], "4/4", "march", "square 4/4, bright, crisp, accented", { accents: { beats: [12, -4, 4, -4], between: -5 } }),
  a("Prelude", "structured", [0.42, 0.45, 0.45, 0.52, 0.38], undefined, undefined, "moderate, balanced, one idea explored", { texture: "arpeggiated" }),
  a("Impromptu", "structured", [0.55, 0.18, 0.6, 0.68, 0.52], undefined, undefined, "flowing, bright, spontaneous", { texture: "flowing" }),
];

export const ARCHETYPE_NAMES: readonly string[] = ARCHETYPES.map((x) => x.name);

/** The archetype called `name` (accent- and case-insensitive), or undefined. */
export function findArchetype(name: string): Archetype | undefined {
  const found = matchName(name, ARCHETYPE_NAMES);
  return ARCHETYPES.find((x) => x.name === found);
}
