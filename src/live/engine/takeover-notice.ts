/** What the performer is told when runaway code was stopped and a new engine took over. */
import { basename } from "node:path";
import type { StuckAt } from "./blame.ts";
import { PHASE_NAMES, Phase, type HeartbeatReading } from "./heartbeat.ts";

/** What a takeover did, for the performer and the benchmark. */
export interface TakeoverReport {
  reason: string;
  node?: string;
  where?: string;
  /** From noticing the runaway to the new engine playing (ms). */
  ms: number;
  /** The patch the culprit node came from. */
  owner?: string;
  /** The notes that came too late to play (ticks, and how long that was). */
  silence?: { from: number; until: number; ms: number };
}

/** `in node "spin" at patches/spin.ts:9:7`, or `while running a REPL line`. */
export function describeCulprit(stuck: HeartbeatReading, node: string | undefined, at: StuckAt): string {
  const where = at.where ? ` at ${at.where}` : "";
  if (node !== undefined) return `in node "${node}"${where}`;
  return `while ${PHASE_NAMES[stuck.phase]}${where}`;
}

export function takeoverNotice(r: TakeoverReport, stuck: HeartbeatReading & { died?: string }, at: StuckAt): string {
  const cause = stuck.died === undefined ? `stuck for ${Math.round(stuck.silentMs)} ms ${describeCulprit(stuck, r.node, at)}` : r.reason;
  const lines = [`runaway code: ${cause}.`];
  if (at.line !== undefined) lines.push(`  ${at.line.trim()}`);
  if (r.node !== undefined) {
    const file = r.owner ?? at.where?.split(":")[0];
    lines.push(`${r.node} was taken out; the other nodes play on${file ? ` (save ${basename(file)} to bring it back)` : ""}.`);
  } else if (stuck.phase === Phase.Repl) {
    lines.push("The line was stopped; nothing it did is kept.");
  } else if (stuck.phase === Phase.Patch) {
    lines.push("That version was refused; the previous one plays on.");
  }
  const ms = Math.round(r.silence?.ms ?? 0);
  lines.push(`A new engine took over in ${r.ms.toFixed(0)} ms${ms > 0 ? `; about ${ms} ms of notes came too late to play and were dropped` : ", on time"}.`);
  return lines.join("\n");
}
