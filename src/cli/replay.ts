/** `magicbus replay JOURNAL -o set.mid`: render a journaled set again, offline. */
import { existsSync } from "node:fs";
import { replayJournal } from "../live/replay.ts";
import { parse, UsageError } from "./args.ts";

const USAGE = "usage: magicbus replay JOURNAL.jsonl [-o OUT.mid]";

export async function replayCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, { out: { type: "string", short: "o" } }, USAGE);
    const [journal, ...extra] = positionals;
    if (!journal || extra.length > 0) throw new UsageError(journal ? `unexpected argument "${extra[0]}"\n${USAGE}` : `which journal?\n${USAGE}`);
    if (!existsSync(journal)) throw new UsageError(`no such journal: ${journal}`);
    const outPath = values.out ?? "replay.mid";
    const r = await replayJournal(journal, { outPath });
    const tail = r.ended ? "" : " (the journal has no end — the daemon was stopped hard; rendered one bar past the last cue)";
    console.log(`replayed ${journal} → ${outPath}: ${r.notes} notes in ${r.wallMs.toFixed(0)} ms${tail}`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`magicbus replay: ${err.message}`);
      return 2;
    }
    console.error(`magicbus replay: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
