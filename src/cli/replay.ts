/** `magicbus replay JOURNAL -o set.mid` (or `-o set.wav`): render a journaled set again, offline. */
import { noMorePositionals, parse, UsageError } from "./args.ts";
import { fileToRead } from "./files.ts";
import { describeWritten, songFile, writeSong } from "./song-file.ts";

const USAGE = "usage: npx magicbus replay JOURNAL.jsonl [-o OUT.mid | -o OUT.wav [--soundfont FILE.sf2]]";

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: "string", short: "o" }, soundfont: { type: "string" } }, USAGE);
  const [given] = positionals;
  if (!given) throw new UsageError("which journal? give one, e.g. out.journal.jsonl", true);
  noMorePositionals(positionals, 1);
  const journal = fileToRead(given, "replay", "journal", ".journal.jsonl");
  const out = songFile(values.out ?? "replay.mid", values.soundfont, "replay");
  // Loaded only once the command line is good: a refusal comes at once.
  const { replayJournal } = await import("../live/replay.ts");
  const r = await replayJournal(journal);
  const written = await writeSong(r.song, out);
  const tail = r.ended ? "" : " (the journal has no end — the daemon was stopped hard; rendered one bar past the last cue)";
  console.log(`replayed ${journal} → ${out.path}${describeWritten(written)}: ${r.notes} notes in ${(r.wallMs + written.wallMs).toFixed(0)} ms${tail}`);
  return 0;
}
