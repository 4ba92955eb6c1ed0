/** The status line the prompt shows: where the music is, its tempo, what plays, the last reload. */
import chalk, { Chalk } from "chalk";
import { basename } from "node:path";
import type { Daemon } from "./daemon.ts";

export function statusLine(d: Daemon, color: boolean): string {
  const c = color ? chalk : new Chalk({ level: 0 });
  const nodes = d.patchNodes().length;
  const muted = d.session.midi.mutedNodes.length;
  const parts = [`${Math.round(d.bpmNow * 10) / 10} bpm`, `${nodes} node${nodes === 1 ? "" : "s"}${muted ? ` (${muted} muted)` : ""}`];
  const r = d.lastReload;
  if (r) {
    const t = r.at.toTimeString().slice(0, 8);
    parts.push(r.ok ? `⟳ ${basename(r.file)} ${t}` : c.red(`✗ ${basename(r.file)} ${t}`));
  }
  return `${c.cyan(d.position())} ${c.dim(parts.join(" · "))} › `;
}
