/**
 * A daemon's set joins the Link session (`--link`, `.link on`): the clock it drives, the cue sheet
 * its tempo changes go through, the output latency its sound has. Loaded only when Link is asked for.
 */
import type { Daemon } from "../daemon.ts";
import { LinkSync } from "./link-sync.ts";

export function joinLink(d: Daemon, voice: { say: (text: string) => void; warn: (text: string) => void }): Promise<LinkSync> {
  const driver = d.session.system.realtime;
  if (!driver) throw new Error("Link needs the realtime clock");
  return LinkSync.start({
    system: d.session.system,
    cues: d.set.cues,
    ...d.linkOptions,
    latencyMs: () => d.port?.latencyMs ?? 0,
    lookaheadMs: driver.lookaheadMs,
    ...voice,
    ...(d.onOrigin ? { onOrigin: d.onOrigin } : {}),
    playing: () => d.session.midi.playing,
  });
}
