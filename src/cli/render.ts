/** `magicbus render PATCH [--bars N] [--bpm B] [--seed S] [-o OUT.mid]` */
import { bpmArg, intArg, noMorePositionals, parse, UsageError } from "./args.ts";
import { fileToRead, fileToWrite } from "./files.ts";

const USAGE = "usage: npx magicbus render PATCH [--bars N] [--bpm B] [--seed S] [-o OUT.mid]";

export async function renderCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      bars: { type: "string" },
      bpm: { type: "string" },
      seed: { type: "string" },
      out: { type: "string", short: "o" },
    },
    USAGE,
  );
  const [patch] = positionals;
  if (!patch) throw new UsageError("which patch? give one patch file, e.g. patches/basic.ts", true);
  noMorePositionals(positionals, 1);
  const file = fileToRead(patch, "render", "patch file", ".ts");
  const bars = intArg("bars", values.bars, 16, 1, 100_000);
  const bpm = bpmArg(values.bpm, 120);
  const outPath = fileToWrite(values.out ?? "out.mid");
  // The renderer loads only once the command line is good: a refusal comes at once.
  const [{ renderPatch }, { PatchError }] = await Promise.all([import("../render.ts"), import("../live/patch-error.ts")]);
  let r;
  try {
    r = await renderPatch(file, { bars, bpm, seed: values.seed ?? 0, outPath });
  } catch (err) {
    // The patch is the performer's input too: its errors are theirs to fix (file:line:col, code frame).
    if (err instanceof PatchError || err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  const mins = Math.floor(r.seconds / 60);
  const secs = (r.seconds - mins * 60).toFixed(1).padStart(4, "0");
  console.log(`rendered ${file}: ${r.bars} bars at ${r.bpm} bpm → ${outPath}: ${r.notes} notes, ${mins}:${secs}, in ${r.wallMs.toFixed(0)} ms`);
  return 0;
}
