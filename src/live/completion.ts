/**
 * What Tab completes in a playing set: the REPL's names, the nodes and their `node.param`s, the
 * dot-commands, and inside an assignment's string the values that param takes (`arp.scale =
 * "mi⇥` → the scales that start so), read from the param's own declaration.
 */
import type { Daemon } from "./daemon.ts";
import type { CompletionSources } from "./repl/complete.ts";
import { DRUM_NOTES } from "../pattern/drum-names.ts";

/** The REPL scope as completion sees it. */
export interface ScopeView {
  names: () => string[];
  lookup: (path: string) => unknown;
}

interface Declared {
  paramNames?: () => string[];
  paramSpec?: (param: string) => { choices?: () => readonly string[] } | undefined;
}

export function completionSources(d: Daemon, scope: ScopeView, commands: () => string[]): CompletionSources {
  const node = (name: string) => d.session.system.node(name) as Declared | undefined;
  return {
    names: scope.names,
    lookup: scope.lookup,
    commands,
    extra: () => [
      ...d.session.system.names(),
      ...d.patchNodes().flatMap((n) => (node(n)?.paramNames?.() ?? []).map((p) => `${n}.${p}`)),
    ],
    values: (name, param) => node(name)?.paramSpec?.(param)?.choices?.() ?? [],
    patternWords: () => Object.keys(DRUM_NOTES),
  };
}
