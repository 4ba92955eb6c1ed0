/** A live set on the virtual clock with one patch of pattern nodes, for the pattern nodes' live tests. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allNotes, readSmf } from "../../src/index.ts";
import { Daemon } from "../../src/live/daemon.ts";
import { performerCommands, performerScope } from "../../src/live/performer.ts";
import type { Quantum } from "../../src/live/swap-boundary.ts";

/** A patch of one pattern node, "drums", playing `mini`. */
export const patchOf = (mini: string) => `export default patch(() => {\n  pattern("drums", ${JSON.stringify(mini)});\n});\n`;

/** Start a daemon on a fresh folder holding `patch` as drums.ts; `homes` collects the folders to remove. */
export async function patternSet(homes: string[], o: { patch?: string; quantize?: Quantum } = {}) {
  const home = mkdtempSync(join(tmpdir(), "magicbus-pattern-live-"));
  homes.push(home);
  const dir = join(home, "patches");
  mkdirSync(dir);
  const file = join(dir, "drums.ts");
  writeFileSync(file, o.patch ?? patchOf("bd*4, ~ sd"));
  const said: string[] = [];
  const d = await Daemon.start({ dir, clock: "virtual", bpm: 120, seed: 9, quantize: o.quantize ?? "bar", record: join(home, "out.mid"), say: (t) => said.push(t), warn: (t) => said.push(t), flushMs: 0 });
  const prelude = await d.loader.preludeExports();
  const out = { lines: [] as string[], errors: [] as string[], print(t: string) { this.lines.push(t); }, error(t: string) { this.errors.push(t); } };
  const commands = performerCommands(d, () => {});
  const scope = () => performerScope(d, prelude);
  const runTo = (tick: number) => d.session.system.runUntilTick(tick);
  const recorded = () => allNotes(readSmf(readFileSync(join(home, "out.mid"))));
  return { d, home, file, scope, commands, out, runTo, recorded, said };
}

/** [tick, pitch] of the notes recorded or replayed. */
export const played = (notes: ReturnType<typeof allNotes>) => notes.map((n) => [n.tick, n.pitch]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
