/** The status line the prompt shows: where the music is, its tempo, what plays, the last reload. */
import chalk, { Chalk } from "chalk";
import { basename } from "node:path";
import type { Daemon } from "./daemon.ts";
import type { PianoNode } from "../mil/nodes/piano-node.ts";
import { drawCycleLine } from "../pattern/cycle-line.ts";
import { PatternNode } from "../pattern/pattern-node.ts";
import { TICKS_PER_CYCLE } from "../pattern/ticks.ts";

const METER = "▁▂▃▄▅▆▇█";

/** "♪ Nocturne·Chopin e30 d45 x40 l85 v20 ▃" (character ×100): where the piano's character has got to, and its tension. */
export function pianoStatus(p: PianoNode): string {
  const c = p.composer.currentCharacter;
  const letters = { energy: "e", darkness: "d", complexity: "x", lyricism: "l", volatility: "v" } as const;
  const dims = (Object.keys(letters) as Array<keyof typeof letters>).map((k) => `${letters[k]}${String(Math.min(99, Math.round(c[k] * 100))).padStart(2, "0")}`).join(" ");
  const tension = p.phraseAt()?.info.tension ?? 0;
  const meter = METER[Math.min(METER.length - 1, Math.floor(tension * METER.length))]!;
  return `♪ ${p.archetype}${p.adjusted ? "*" : ""}·${p.composer.pianist} ${dims} ${meter}${p.done ? " (ended)" : ""}`;
}

/**
 * `drums [14:1] bd+hh hh bd+hh hh bd+hh+sd hh bd+hh hh  ← "bd*4, ~ sd, hh*8"`: the cycle heard at
 * `tick`, its steps in one line, the pattern it comes from (mini-notation quoted, or the code of a
 * pattern made with the functions), and a change waiting for the next cycle.
 */
export function patternStatus(p: PatternNode, tick: number, position: (tick: number) => string): string {
  const cycle = PatternNode.cycleOf(tick);
  const line = drawCycleLine(p.cycleOnsets(cycle), cycle);
  const code = p.codeAt(cycle);
  const { waiting } = p.code;
  const next = waiting !== undefined && waiting !== code ? `, from ${position((cycle + 1) * TICKS_PER_CYCLE)}: ${waiting}` : "";
  return `${p.name} ${position(cycle * TICKS_PER_CYCLE)} ${line}  ← ${code}${next}`;
}

export function statusLine(d: Daemon, color: boolean): string {
  const c = color ? chalk : new Chalk({ level: 0 });
  const stopped = d.stoppedNodes();
  const nodes = d.patchNodes().length - stopped.length;
  const muted = d.session.midi.mutedNodes.length;
  const solo = d.session.midi.soloedNodes;
  const parts = [`${Math.round(d.bpmNow * 10) / 10} bpm`, `${nodes} node${nodes === 1 ? "" : "s"}${muted ? ` (${muted} muted)` : ""}`];
  if (solo.length > 0) parts.push(`solo ${solo.join(" ")}`);
  if (d.link) parts.push(`link ${d.link.peerCount} peer${d.link.peerCount === 1 ? "" : "s"}`);
  if (stopped.length > 0) parts.push(c.red(`✗ ${stopped.join(" ")}`));
  const piano = d.pianos()[0];
  if (piano) parts.push(pianoStatus(piano));
  const r = d.lastReload;
  if (r) {
    const t = r.at.toTimeString().slice(0, 8);
    parts.push(r.ok ? `⟳ ${basename(r.file)} ${t}` : c.red(`✗ ${basename(r.file)} ${t}`));
  }
  return `${c.cyan(d.position())} ${c.dim(parts.join(" · "))} › `;
}
