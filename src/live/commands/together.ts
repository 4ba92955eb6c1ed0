/** Dot-commands for playing with other machines: the Ableton Link session. */
import type { Daemon } from "../daemon.ts";
import type { PerformerCommand } from "../performer.ts";
import { words } from "./words.ts";

const bpmText = (bpm: number) => `${Math.round(bpm * 100) / 100} bpm`;
const peersText = (n: number) => `${n} peer${n === 1 ? "" : "s"}`;

export function togetherCommands(d: Daemon): Record<string, PerformerCommand> {
  return {
    link: {
      help: "Ableton Link: .link shows the session, .link on joins it, .link off leaves it (the tempo stays); .link start|stop with --link-start-stop",
      run: async (args, out) => {
        const [v] = words(args);
        if (v === "on") {
          try {
            const link = await d.startLink();
            return out.print(`Link on: ${peersText(link.peerCount)}, session at ${bpmText(link.bpm)}, quantum ${d.linkOptions.quantum}`);
          } catch (err) {
            return out.error(`Link could not start: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        if (v === "off") {
          await d.stopLink();
          return out.print(`Link off; the set keeps ${d.bpmNow} bpm`);
        }
        if (v === "start" || v === "stop") {
          if (!d.link) return out.error("Link is off (.link on joins the session)");
          try {
            d.link.setPlaying(v === "start");
          } catch (err) {
            return out.error(err instanceof Error ? err.message : String(err));
          }
          return out.print(v === "start" ? "session started" : "session stopped: the set goes on silently until it starts");
        }
        if (v !== undefined) return out.error(`.link takes on, off, start or stop, got "${v}"`);
        if (!d.link) return out.print("Link off (.link on joins the session on the network)");
        const sync = d.linkOptions.startStop ? `, start/stop sync (${d.session.midi.playing ? "playing" : "stopped"})` : "";
        out.print(`Link on: ${peersText(d.link.peerCount)}, session at ${bpmText(d.link.bpm)}, quantum ${d.linkOptions.quantum}${sync}; ${d.link.shifts} phase corrections, largest ${d.link.largestShiftMs.toFixed(1)} ms`);
      },
    },
  };
}
