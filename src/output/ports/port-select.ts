/**
 * `--midi-out NAME|INDEX|REGEX`: which output a performer means. A whole number is an index; text
 * between slashes is a regular expression (flags allowed, e.g. /iac/i); anything else is a name,
 * matched exactly, else as a case-insensitive part of one port's name.
 *
 * @example parsePortSelector("2")        // { kind: "index", index: 2 }
 * @example parsePortSelector("/iac/i")   // { kind: "regex", regex: /iac/i }
 * @example parsePortSelector("IAC Bus 1") // { kind: "name", name: "IAC Bus 1" }
 */

export type PortSelector = { kind: "index"; index: number } | { kind: "regex"; regex: RegExp } | { kind: "name"; name: string };

export class PortSelectError extends Error {
  override name = "PortSelectError";
}

export function parsePortSelector(text: string): PortSelector {
  const s = text.trim();
  if (s === "") throw new PortSelectError("empty port selector: give a port NAME, INDEX or /REGEX/");
  if (/^\d+$/.test(s)) return { kind: "index", index: Number(s) };
  const re = /^\/(.+)\/([a-z]*)$/.exec(s);
  if (re) {
    try {
      return { kind: "regex", regex: new RegExp(re[1]!, re[2]) };
    } catch (err) {
      throw new PortSelectError(`bad port regex ${s}: ${(err as Error).message}`);
    }
  }
  return { kind: "name", name: s };
}

/**
 * The index of the port `selector` picks among `names`; throws a PortSelectError listing the
 * ports when none (or, for a name part, more than one) matches.
 *
 * @example choosePort(["Midi Through", "IAC Bus 1"], "iac") // 1
 */
export function choosePort(names: readonly string[], selectorText: string): number {
  const sel = parsePortSelector(selectorText);
  const list = names.length === 0 ? "there are no MIDI outputs" : `outputs: ${names.map((n, i) => `${i}: ${n}`).join(", ")}`;
  switch (sel.kind) {
    case "index":
      if (sel.index < names.length) return sel.index;
      throw new PortSelectError(`no MIDI output with index ${sel.index}; ${list}`);
    case "regex": {
      const i = names.findIndex((n) => sel.regex.test(n));
      if (i >= 0) return i;
      throw new PortSelectError(`no MIDI output matches ${sel.regex}; ${list}`);
    }
    case "name": {
      const exact = names.indexOf(sel.name);
      if (exact >= 0) return exact;
      const lower = sel.name.toLowerCase();
      const parts = names.map((n, i) => [n, i] as const).filter(([n]) => n.toLowerCase().includes(lower));
      if (parts.length === 1) return parts[0]![1];
      if (parts.length > 1) throw new PortSelectError(`"${sel.name}" matches ${parts.length} MIDI outputs (${parts.map(([n]) => n).join(", ")}); be more specific`);
      throw new PortSelectError(`no MIDI output named "${sel.name}"; ${list}`);
    }
  }
}
