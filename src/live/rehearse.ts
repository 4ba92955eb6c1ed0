/**
 * Rehearsal: before a new version of a patch goes live it plays one bar offline, in a virtual
 * session of its own (same tempo, seed and bar position as the live set). A version that throws,
 * loops or stops a node there is never swapped in. The live nodes' state is not copied: the
 * rehearsal starts the new version fresh at the bar where it would come in.
 */
import type { Problem } from "../core/bus.ts";
import { PPQ } from "../core/time.ts";
import type { CompiledScript } from "./compile.ts";
import type { PatchLoader } from "./patch-loader.ts";
import { locateError } from "./error-location.ts";
import { PatchError } from "./patch-error.ts";
import { createSession, type SessionOptions } from "./session.ts";

export interface RehearsalOptions extends SessionOptions {
  /** The bar position (tick) where the version would come in. */
  atTick: number;
  bars?: number;
}

/** How a version is rehearsed: here (rehearse), or on a thread of its own (the supervised daemon). */
export type Rehearsal = (script: CompiledScript, loader: PatchLoader, o: RehearsalOptions) => Promise<void>;

/** Play `script` for a bar offline; throws PatchError describing the first problem. */
export async function rehearse(script: CompiledScript, loader: PatchLoader, o: RehearsalOptions): Promise<void> {
  const problems: Problem[] = [];
  const session = createSession({ ...o, clock: "virtual", logger: (p) => problems.push(p) });
  const { system } = session;
  // Time stands at the bar where the version comes in: clocks start their grid there.
  await system.timeline.runUntil(o.atTick);
  const nodes = await loader.instantiate(script, session);
  for (const n of nodes) system.add(n);
  try {
    await system.runUntilTick(o.atTick + (o.bars ?? 1) * session.beatsPerBar * PPQ);
  } finally {
    system.stop();
  }
  const fatal = problems.find((p) => p.kind === "node" || p.kind === "handler" || p.kind === "loop");
  if (fatal) {
    throw new PatchError(
      `failed its rehearsal (one bar played offline), so it was not swapped in: ${fatal.message}`,
      locateError(fatal.error, script) ?? { file: script.file, line: 1, column: 1 },
      "validate",
    );
  }
}
