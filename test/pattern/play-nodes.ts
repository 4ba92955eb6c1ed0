/** Pattern nodes on the virtual clock, for the node's tests. */
import { defaultScales, NoteEvent, PatternNode, type PatternNodeOptions } from "../../src/index.ts";
import { TICKS_PER_CYCLE } from "../../src/pattern/ticks.ts";
import { virtualSystem } from "../helpers.ts";

export const CYCLE = TICKS_PER_CYCLE;

/** A system with pattern nodes `nodes`, started at `startTick` (nothing plays before). */
export async function play(nodes: Record<string, PatternNodeOptions>, o: { seed?: number; startTick?: number } = {}) {
  const s = virtualSystem({ seed: o.seed ?? 1 });
  const notes: NoteEvent[] = [];
  s.bus.on(NoteEvent, (n) => notes.push(n));
  if (o.startTick) await s.system.runUntilTick(o.startTick);
  const made: Record<string, PatternNode> = {};
  for (const [name, options] of Object.entries(nodes)) made[name] = s.system.add(new PatternNode(s.bus, defaultScales(), { ...options, name }));
  s.system.start();
  const until = (tick: number) => s.system.runUntilTick(tick);
  return { ...s, notes, nodes: made, until };
}

/** [tick, pitch, channel] of each note, in order played. */
export const heard = (notes: readonly NoteEvent[]) => notes.map((n) => [n.tick, n.pitch, n.channel]);
