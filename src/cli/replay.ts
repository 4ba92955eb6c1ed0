/** `magicbus replay JOURNAL -o set.mid`: render a journaled set again, offline. */
import { noMorePositionals, parse, UsageError } from "./args.ts";
import { fileToRead, fileToWrite } from "./files.ts";

const USAGE = "usage: npx magicbus replay JOURNAL.jsonl [-o OUT.mid]";

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: "string", short: "o" } }, USAGE);
  const [given] = positionals;
  if (!given) throw new UsageError("which journal? give one, e.g. out.journal.jsonl", true);
  noMorePositionals(positionals, 1);
  const journal = fileToRead(given, "replay", "journal", ".journal.jsonl");
  const outPath = fileToWrite(values.out ?? "replay.mid");
  // Loaded only once the command line is good: a refusal comes at once.
  const { replayJournal } = await import("../live/replay.ts");
  const r = await replayJournal(journal, { outPath });
  const tail = r.ended ? "" : " (the journal has no end — the daemon was stopped hard; rendered one bar past the last cue)";
  console.log(`replayed ${journal} → ${outPath}: ${r.notes} notes in ${r.wallMs.toFixed(0)} ms${tail}`);
  return 0;
}
