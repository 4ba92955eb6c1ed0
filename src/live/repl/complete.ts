/**
 * Tab completion for the REPL: dot-commands at the start of a line, names in scope, extra words
 * the daemon knows (node names, scale names), the keys of an object after `name.`, and inside the
 * string of an assignment (`arp.scale = "mi⇥`) the values that param takes.
 */
import { types } from "node:util";

export interface CompletionSources {
  /** Names in the REPL's global scope. */
  names: () => string[];
  /** Extra words; dotted ones (`arp.scale`) complete after their prefix. */
  extra: () => string[];
  commands: () => string[];
  /** The value of a dotted path in the REPL's scope. */
  lookup: (path: string) => unknown;
  /** The values a node's param takes, where they are a list of names (scales, patterns…). */
  values?: (node: string, param: string) => readonly string[];
  /** Words of the mini-notation (drum names), for the last word inside a pattern's string. */
  patternWords?: () => readonly string[];
}

/** `arp.scale = "mi` (or `'mi`, or `set("arp", "scale", "mi`): a param's value being typed. */
const VALUE = /([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)\s*=\s*(["'])([^"']*)$/;

/**
 * Inside a pattern's string: `drums.pattern = "bd s` or a pattern function's argument,
 * `every(2, rev, "bd s`. The word being typed is the last run of letters and digits.
 */
const PATTERN_WORD = /(?:\.pattern\s*=\s*|[A-Za-z_$][\w$]*\s*\((?:[^()"]*,)?\s*)"[^"]*?([A-Za-z][\w]*)?$/;

/** readline's completer contract: the candidates and the part of the line they replace. */
export function complete(line: string, sources: CompletionSources): [string[], string] {
  const command = /^\s*(\.[\w-]*)$/.exec(line);
  if (command) {
    const typed = command[1]!;
    return [filter(sources.commands().map((c) => `.${c}`), typed), typed];
  }
  const inPattern = sources.patternWords ? PATTERN_WORD.exec(line) : null;
  if (inPattern) {
    const typed = inPattern[1] ?? "";
    return [filter(safe(() => [...sources.patternWords!()]), typed), typed];
  }
  const value = VALUE.exec(line);
  if (value && sources.values) {
    const [, node, param, quote, typed] = value as unknown as [string, string, string, string, string];
    const words = safe(() => [...sources.values!(node, param)]);
    // The whole string, closed: Tab on a unique value finishes the line's value.
    return [filter(words, typed).map((w) => `${quote}${w}${quote}`), `${quote}${typed}`];
  }
  const m = /((?:[A-Za-z_$][\w$]*\.)*)([A-Za-z_$][\w$]*)?$/.exec(line)!;
  const path = m[1]!;
  const typed = m[0];
  if (path === "") {
    const words = [...sources.names(), ...safe(sources.extra).filter((w) => !w.includes("."))];
    return [filter(words, typed), typed];
  }
  const base = path.slice(0, -1);
  const keys = [
    ...keysOf(sources.lookup(base)),
    ...safe(sources.extra).filter((w) => w.startsWith(path)).map((w) => w.slice(path.length)),
  ];
  return [filter(keys.filter((k) => /^[A-Za-z_$][\w$]*$/.test(k)).map((k) => path + k), typed), typed];
}

function filter(words: string[], prefix: string): string[] {
  return [...new Set(words)].filter((w) => w.startsWith(prefix)).sort();
}

function safe(list: () => string[]): string[] {
  try {
    return list();
  } catch {
    return [];
  }
}

/** Own keys (a Proxy's ownKeys included) and, for ordinary objects, their methods. */
function keysOf(value: unknown): string[] {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return [];
  try {
    const keys = new Set(Object.keys(value));
    if (types.isProxy(value)) {
      for (const k of Reflect.ownKeys(value)) if (typeof k === "string") keys.add(k);
      return [...keys];
    }
    for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const k of Object.getOwnPropertyNames(proto)) if (k !== "constructor" && !k.startsWith("_")) keys.add(k);
    }
    return [...keys];
  } catch {
    return [];
  }
}
