/**
 * The mini-notation's words and symbols, each with its 1-based column, so that an error can point
 * at the exact place. Whether a token touches the one before matters: `a!3` is "three a", `a ! 3`
 * is "a, a again, 3".
 */

export type TokenKind =
  | "word"
  | "number"
  | "~"
  | "_"
  | "["
  | "]"
  | "<"
  | ">"
  | "{"
  | "}"
  | "("
  | ")"
  | ","
  | "|"
  | "."
  | ".."
  | "*"
  | "/"
  | "!"
  | "@"
  | "?"
  | "%"
  | "end";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based column of the first character. */
  readonly column: number;
  /** Whitespace between this token and the previous one. */
  readonly spaced: boolean;
}

/** A mistake in a pattern, with the column it is at. */
export class MiniNotationError extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(`column ${column}: ${reason}`);
    this.name = "MiniNotationError";
  }
}

const SYMBOLS = new Set("~[]<>{}(),|.*/!@?%");
const isDigit = (c: string) => c >= "0" && c <= "9";
const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
/** Inside a word: `bd:3`, `c#5`, `eb`, `bass_2`. */
const isWordChar = (c: string) => isLetter(c) || isDigit(c) || c === "#" || c === ":" || c === "'";

/** How a token reads in an error message. */
export function describe(t: Token): string {
  return t.kind === "end" ? "end of pattern" : `"${t.text}"`;
}

export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let spaced = false;
  const push = (kind: TokenKind, start: number) => {
    out.push({ kind, text: source.slice(start, i), column: start + 1, spaced });
    spaced = false;
  };
  while (i < source.length) {
    const c = source[i]!;
    const start = i;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      spaced = true;
    } else if (isDigit(c) || (c === "-" && isDigit(source[i + 1] ?? "")) || (c === "." && isDigit(source[i + 1] ?? "") && out.at(-1)?.kind === "?" && !spaced)) {
      // A number; `a?.3` reads .3 as a probability, elsewhere a lone "." is a foot.
      i++;
      while (isDigit(source[i] ?? "")) i++;
      if (source[i] === "." && isDigit(source[i + 1] ?? "")) {
        i++;
        while (isDigit(source[i] ?? "")) i++;
      }
      if (isLetter(source[i] ?? "")) throw new MiniNotationError(start + 1, `a word must start with a letter, found "${source.slice(start, i + 1)}"`);
      push("number", start);
    } else if (isLetter(c)) {
      i++;
      while (isWordChar(source[i] ?? "") || (source[i] === "_" && isWordChar(source[i + 1] ?? ""))) i++;
      push("word", start);
    } else if (c === "." && source[i + 1] === ".") {
      i += 2;
      push("..", start);
    } else if (c === "_") {
      i++;
      push("_", start);
    } else if (SYMBOLS.has(c)) {
      i++;
      push(c as TokenKind, start);
    } else {
      throw new MiniNotationError(start + 1, `unexpected character "${c}" (a step is a word, a number or ~; see docs/patterns.md)`);
    }
  }
  out.push({ kind: "end", text: "", column: source.length + 1, spaced });
  return out;
}
