/**
 * Asked of a stuck engine by its supervisor, through the inspector, while it is paused: which
 * node's code was running (the innermost synchronous frame, or the async node whose awaits the
 * paused code follows) and where in the performer's files it was stuck.
 */
import { currentContext } from "../../core/node-context.ts";
import type { CompiledScript } from "../compile.ts";
import { locateStack } from "../error-location.ts";
import { shortLocation } from "../short-path.ts";

export interface StuckAt {
  node?: string;
  /** "patches/spin.ts:4:3" */
  where?: string;
  /** The source line there. */
  line?: string;
}

/** The global the supervisor's expression calls in the paused engine. */
export const BLAME_GLOBAL = "__magicbusStuckAt";

/** Make the engine answerable: `scripts` lists the compiled patches it knows (playing, or loading). */
export function installBlame(scripts: () => CompiledScript[]): void {
  (globalThis as Record<string, unknown>)[BLAME_GLOBAL] = (): StuckAt => {
    const node = currentContext()?.name;
    // Evaluated on top of the paused frames: this stack runs through the code that was stuck.
    // (Its own frame, `eval at <the paused position>`, names the script but not the stuck line.)
    const stack = (new Error().stack ?? "").split("\n").filter((frame) => !frame.includes("eval at ")).join("\n");
    for (const script of scripts()) {
      const loc = locateStack(stack, script);
      if (!loc) continue;
      return { ...(node ? { node } : {}), where: shortLocation(loc), ...(loc.lineText !== undefined ? { line: loc.lineText } : {}) };
    }
    return node ? { node } : {};
  };
}

/** The expression the supervisor evaluates in the paused engine. */
export const BLAME_EXPRESSION = `globalThis.${BLAME_GLOBAL} ? globalThis.${BLAME_GLOBAL}() : undefined`;
