/**
 * Following a journal: each entry, as the daemon journaled it, is applied to a live set, so the
 * set plays again what the daemon played. Replay follows a whole journal offline; a standby engine
 * follows the running one entry by entry, a few milliseconds behind, ready to take over.
 */
import type { CompiledScript } from "./compile.ts";
import type { JournalEntry } from "./journal.ts";
import type { LiveSet } from "./live-set.ts";
import type { PatchLoader } from "./patch-loader.ts";
import { nameNodes } from "./stage.ts";

export class JournalFollower {
  /** Where the journal says the set ended, once it does. */
  endTick: number | undefined;
  /** The latest tick any entry acted at. */
  lastTick = 0;

  constructor(
    private readonly set: LiveSet,
    private readonly loader: PatchLoader,
    /** Told when a patch version is swapped in (its stack frames locate a node's errors). */
    private readonly swapped?: (file: string, script: CompiledScript) => void,
  ) {}

  async apply(entry: JournalEntry): Promise<void> {
    this.lastTick = Math.max(this.lastTick, entry.tick);
    switch (entry.kind) {
      case "prelude":
        this.loader.usePreludeCode(entry.code);
        return;
      case "patch": {
        // Made when the entry arrives, with the prelude of that moment, as the daemon made them.
        // Names were checked when the daemon loaded this version: they are taken as they are.
        const script: CompiledScript = { file: entry.file, code: entry.code, inputs: [entry.file] };
        const nodes = await this.loader.instantiate(script, this.set.session);
        this.set.prepare(entry, nameNodes(nodes));
        this.set.cues.at(entry.tick, entry, () => this.swapped?.(entry.file, script));
        return;
      }
      case "end":
        // A cue like the others, so what acted on its tick before it acts again, in that order.
        this.endTick = entry.tick;
        this.set.cues.at(entry.tick, entry);
        return;
      case "repl":
        return; // for the record: its effects are journaled as cues of their own
      default:
        this.set.cues.at(entry.tick, entry);
    }
  }
}
