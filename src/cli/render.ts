/** `magicbus render PATCH [--bars N] [--bpm B] [--seed S] [-o OUT.mid|OUT.wav] [--soundfont FILE]` */
import { bpmArg, intArg, noMorePositionals, parse, UsageError } from "./args.ts";
import { fileToRead } from "./files.ts";
import { clock, describeWritten, songFile, writeSong } from "./song-file.ts";

const USAGE = "usage: npx magicbus render PATCH [--bars N] [--bpm B] [--seed S] [-o OUT.mid | -o OUT.wav [--soundfont FILE.sf2]]";

export async function renderCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      bars: { type: "string" },
      bpm: { type: "string" },
      seed: { type: "string" },
      out: { type: "string", short: "o" },
      soundfont: { type: "string" },
    },
    USAGE,
  );
  const [patch] = positionals;
  if (!patch) throw new UsageError("which patch? give one patch file, e.g. patches/basic.ts", true);
  noMorePositionals(positionals, 1);
  const file = fileToRead(patch, "render", "patch file", ".ts");
  const bars = intArg("bars", values.bars, 16, 1, 100_000);
  const bpm = bpmArg(values.bpm, 120);
  const out = songFile(values.out ?? "out.mid", values.soundfont, "render");
  // The renderer loads only once the command line is good: a refusal comes at once.
  const [{ renderPatch }, { PatchError }] = await Promise.all([import("../render.ts"), import("../live/patch-error.ts")]);
  let r;
  try {
    r = await renderPatch(file, { bars, bpm, seed: values.seed ?? 0 });
  } catch (err) {
    // The patch is the performer's input too: its errors are theirs to fix (file:line:col, code frame).
    if (err instanceof PatchError || err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  const written = await writeSong(r.song, out);
  const ms = r.wallMs + written.wallMs;
  console.log(`rendered ${file}: ${r.bars} bars at ${r.bpm} bpm → ${out.path}${describeWritten(written)}: ${r.notes} notes, ${clock(r.seconds)}, in ${ms.toFixed(0)} ms`);
  return 0;
}
