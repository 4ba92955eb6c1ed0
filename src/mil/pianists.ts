/** The ten pianist profiles of the seed (exact vectors) plus Neutral, the centre of P. */
import { matchName } from "./names.ts";
import { NEUTRAL, performance, type Performance } from "./performance-space.ts";

export interface Pianist {
  name: string;
  performance: Performance;
  sound: string;
}

const p = (name: string, v: [number, number, number, number, number, number], sound: string): Pianist => ({
  name,
  performance: performance(...v),
  sound,
});

export const PIANISTS: readonly Pianist[] = [
  p("Horowitz", [0.55, 0.85, 0.45, 0.9, 0.78, 0.4], "virtuosic, dramatic, crystalline attack"),
  p("Rubinstein", [0.62, 0.32, 0.58, 0.65, 0.48, 0.22], "warm, lyrical, chamber-like"),
  p("Glenn Gould", [0.12, 0.72, 0.08, 0.55, 0.62, 0.08], "analytical, dry, Bach-like clarity"),
  p("Rachmaninoff", [0.68, 0.48, 0.62, 0.85, 0.3, 0.28], "sonorous, improvisatory, dark"),
  p("Argerich", [0.42, 0.75, 0.3, 0.92, 0.55, 0.18], "explosive, vivid, mercurial"),
  p("Brendel", [0.42, 0.28, 0.52, 0.45, 0.42, 0.15], "philosophical, controlled"),
  p("Cortot", [0.92, 0.22, 0.68, 0.72, 0.55, 0.62], "romantic, rubato-heavy, ornamental"),
  p("Richter", [0.35, 0.68, 0.52, 0.8, 0.28, 0.12], "austere, powerful, intimate"),
  p("Liszt", [0.72, 0.82, 0.55, 0.95, 0.72, 0.78], "flamboyant, transcendental"),
  p("Chopin", [0.78, 0.28, 0.62, 0.62, 0.68, 0.82], "lyrical, elastic, ornament-rich"),
];

export const NEUTRAL_PIANIST: Pianist = { name: "Neutral", performance: NEUTRAL, sound: "the centre of performance space" };

export const PIANIST_NAMES: readonly string[] = [NEUTRAL_PIANIST.name, ...PIANISTS.map((x) => x.name)];

export function findPianist(name: string): Pianist | undefined {
  const found = matchName(name, PIANIST_NAMES);
  if (found === NEUTRAL_PIANIST.name) return NEUTRAL_PIANIST;
  return PIANISTS.find((x) => x.name === found);
}
