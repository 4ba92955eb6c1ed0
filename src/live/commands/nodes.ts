/** Dot-commands for the nodes: who plays, who is silenced, what a pattern plays. */
import { basename } from "node:path";
import { Node } from "../../core/node.ts";
import { showValue } from "../param-values.ts";
import { patternStatus } from "../status.ts";
import type { Daemon } from "../daemon.ts";
import type { PerformerCommand } from "../performer.ts";
import { words } from "./words.ts";

export function nodesCommands(d: Daemon): Record<string, PerformerCommand> {
  return {
    nodes: {
      help: "list the live nodes, their kind and params",
      run: (_args, out) => {
        const { system } = d.session;
        const patchNodes = new Set(d.patchNodes());
        for (const name of system.names()) {
          const node = system.node(name)!;
          const owner = d.set.stage.ownerOf(name);
          const where = owner ? basename(owner) : "session";
          const params = node instanceof Node ? Object.entries(node.params()).map(([k, v]) => `${k}=${showValue(v)}`).join(" ") : "";
          const state = [d.session.midi.mutedNodes.includes(name) ? "muted" : "", d.session.midi.soloedNodes.includes(name) ? "solo" : ""].filter(Boolean).join(",");
          out.print(`${patchNodes.has(name) ? "" : "  "}${name}  (${node.kind ?? node.constructor.name}, ${where}${state ? `, ${state}` : ""})  ${params}`);
        }
        for (const name of d.stoppedNodes()) {
          const owner = basename(d.set.stage.ownerOf(name) ?? "");
          out.print(`${name}  (${d.stoppedBecause(name)}, ${owner}: save ${owner} to bring it back)`);
        }
      },
    },
    mute: {
      help: "silence a node: .mute arp",
      run: (args, out) => {
        const [name] = words(args);
        if (!name) return out.error(`.mute needs a node name; nodes: ${d.patchNodes().join(", ")}`);
        d.mute(name);
        out.print(`muted ${name}`);
      },
    },
    unmute: {
      help: "unmute a node, or all with no name",
      run: (args, out) => {
        const [name] = words(args);
        d.unmute(name);
        out.print(name ? `unmuted ${name}` : "unmuted all");
      },
    },
    solo: {
      help: "play only these nodes: .solo arp bass; no names: solo off",
      run: (args, out) => {
        const names = words(args);
        d.solo(names);
        out.print(names.length ? `solo ${names.join(" ")}` : "solo off");
      },
    },
    show: {
      help: "the cycle a pattern is playing, in one line: .show drums (no name: every pattern)",
      run: (args, out) => {
        const [name] = words(args);
        const patterns = d.patterns();
        const names = patterns.map((p) => p.name).join(", ") || "none";
        const shown = name === undefined ? patterns : patterns.filter((p) => p.name === name);
        if (shown.length === 0) {
          return out.error(name === undefined ? `no patterns are playing (add one with pattern("drums", "bd*4, ~ sd") in a patch)` : `no pattern named "${name}"; patterns: ${names}`);
        }
        for (const p of shown) out.print(patternStatus(p, d.heardTick, (t) => d.position(t)));
      },
    },
  };
}
