/** `magicbus render PATCH --bars N [--bpm B] [--seed S] -o OUT.mid` */
import { existsSync } from "node:fs";
import { PatchError } from "../live/patch-error.ts";
import { renderPatch } from "../render.ts";
import { intArg, numberArg, parse, UsageError } from "./args.ts";

const USAGE = "usage: magicbus render PATCH [--bars N] [--bpm B] [--seed S] [-o OUT.mid]";

export async function renderCommand(argv: string[]): Promise<number> {
  try {
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
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError(file ? `unexpected argument "${extra[0]}"\n${USAGE}` : `which patch?\n${USAGE}`);
    if (!existsSync(file)) throw new UsageError(`no such patch file: ${file}`);
    const outPath = values.out ?? "out.mid";
    const r = await renderPatch(file, {
      bars: intArg("bars", values.bars, 16, 1, 100_000),
      bpm: numberArg("bpm", values.bpm, 120, 1, 999),
      seed: values.seed ?? 0,
      outPath,
    });
    const mins = Math.floor(r.seconds / 60);
    const secs = (r.seconds - mins * 60).toFixed(1).padStart(4, "0");
    console.log(
      `rendered ${file}: ${r.bars} bars at ${r.bpm} bpm → ${outPath}: ${r.notes} notes, ${mins}:${secs}, in ${r.wallMs.toFixed(0)} ms`,
    );
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof PatchError || err instanceof RangeError) {
      console.error(`magicbus render: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
