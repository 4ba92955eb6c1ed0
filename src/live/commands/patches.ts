/** Dot-commands for patches and takes: reload a patch, record a take. */
import { basename } from "node:path";
import type { Daemon } from "../daemon.ts";
import type { PerformerCommand } from "../performer.ts";
import { words } from "./words.ts";

export function patchesCommands(d: Daemon): Record<string, PerformerCommand> {
  return {
    reload: {
      help: "reload one patch (.reload basic) or all",
      run: async (args, out) => {
        const [which] = words(args);
        for (const r of await d.reload(which)) {
          if (r.ok) out.print(`reloaded ${basename(r.file)} in ${r.ms.toFixed(0)} ms, swap at ${d.position(r.swapTick)}`);
        }
      },
    },
    record: {
      help: "record a take: .record start FILE.mid | .record stop",
      run: async (args, out) => {
        const [what, file] = words(args);
        if (what === "start") {
          if (!file) return out.error(".record start needs a file name: .record start take1.mid");
          out.print(`recording ${file} from ${d.position(d.recordStart(file))}`);
        } else if (what === "stop") {
          out.print(`wrote ${await d.recordStop()}`);
        } else {
          out.error(`.record start FILE | .record stop (got "${args.trim()}")`);
        }
      },
    },
  };
}
