/**
 * Micro-timing grooves: per-slot offsets in beats that give a genre its feel without being
 * notated. The seed's nine, plus three the reference has that the seed lacks.
 */
import type { Metre } from "./character.ts";

export const GROOVES = {
  swing: [0, 0.04, -0.02, 0.04],
  "viennese-waltz": [0, -0.03, 0.02],
  "bossa-nova": [0, 0.02, -0.03, 0.02, -0.01, 0.03, -0.02, 0.01],
  habanera: [0, 0.05, -0.02, 0.03],
  tango: [0, 0.02, -0.04, 0.02],
  mazurka: [0, 0.04, -0.02],
  march: [0, -0.01, 0.01, -0.01],
  tarantella: [0, 0.02, -0.03, 0.02, -0.01, 0.02],
  nocturne: [0, 0.03, -0.01, 0.02],
  polonaise: [0, -0.02, 0.05],
  barcarolle: [0, 0.03, 0.05],
  toccata: [-0.01, 0.01, -0.01, 0.01],
} as const satisfies Record<string, readonly number[]>;

export type GrooveName = keyof typeof GROOVES;
export const GROOVE_NAMES = Object.keys(GROOVES) as GrooveName[];

/**
 * Slot length in quarter notes: the bar divided evenly by the template when that gives
 * eighths or longer on the eighth grid (8 slots in 4/4 = eighths, 6 in 6/8 = eighths),
 * otherwise quarters, cycling through the template.
 */
export function grooveSlot(template: readonly number[], barBeats: number): number {
  const slot = barBeats / template.length;
  return slot >= 0.5 && Number.isInteger(slot * 2) ? slot : 1;
}

/** Offset in beats for an onset at `beatInBar`. */
export function grooveOffset(template: readonly number[] | undefined, barBeats: number, beatInBar: number): number {
  if (!template) return 0;
  const slot = grooveSlot(template, barBeats);
  const i = Math.floor(beatInBar / slot + 1e-9) % template.length;
  return template[i]!;
}

/** The default groove when the archetype has none: none (straight), whatever the metre. */
export function defaultGroove(_metre: Metre): GrooveName | undefined {
  return undefined;
}
