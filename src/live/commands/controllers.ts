/** Dot-commands for controllers: map a knob to a param, or learn it. */
import type { MapOptions } from "../../midi/input/controller-map.ts";
import type { Daemon } from "../daemon.ts";
import type { PerformerCommand } from "../performer.ts";
import { words } from "./words.ts";

export function controllersCommands(d: Daemon): Record<string, PerformerCommand> {
  return {
    map: {
      help: "list controller mappings; .map cc:1 arp.gate [min max] maps one",
      run: (args, out) => {
        const [source, target, min, max] = words(args);
        if (source === undefined) {
          const list = d.session.controllers.list();
          if (list.length === 0) return out.print("no controller mappings (.map cc:1 arp.gate 0.05 1, or .learn arp.gate)");
          for (const m of list) out.print(`${m.source} → ${m.target}  ${m.min}..${m.max}${m.curve === "exp" ? " exp" : ""}${m.integer ? " integer" : ""}`);
          return;
        }
        if (target === undefined) return out.error(".map SOURCE NODE.PARAM [MIN MAX], e.g. .map cc:74 arp.gate 0.05 1");
        const o: MapOptions = {};
        if (min !== undefined) o.min = Number(min);
        if (max !== undefined) o.max = Number(max);
        out.print(`mapped ${d.session.controllers.map(source, target, o)} → ${target}`);
      },
    },
    learn: {
      help: "map the next controller moved: .learn arp.gate [min max]",
      run: (args, out) => {
        const [target, min, max] = words(args);
        if (target === undefined) return out.error(".learn NODE.PARAM [MIN MAX]: the next CC (or note) that moves is mapped to it");
        const o: MapOptions = {};
        if (min !== undefined) o.min = Number(min);
        if (max !== undefined) o.max = Number(max);
        // Not awaited: the REPL stays free while the performer reaches for a knob.
        d.session.controllers.learn(target, o).then(
          (source) => out.print(`learned ${source} → ${target}`),
          (err: unknown) => out.error(`.learn ${target}: ${err instanceof Error ? err.message : String(err)}`),
        );
        out.print(`move a controller for ${target}…${d.input ? "" : " (no MIDI input is open: start with --midi-in)"}`);
      },
    },
  };
}
