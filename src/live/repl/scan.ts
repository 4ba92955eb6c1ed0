/**
 * A small JavaScript scanner for esbuild's output: enough to find where each top-level statement
 * begins and ends, which token starts it and where its depth-0 commas and `=` signs are. It is
 * not a parser: it relies on esbuild having printed the code (one top-level statement per line
 * at column 0, nested code indented), which is why the REPL scans esbuild's output, never raw input.
 */

export interface Token {
  /** "word" (identifier, keyword, number), "string", "template", "regex" or "punct" */
  kind: "word" | "string" | "template" | "regex" | "punct";
  text: string;
  start: number;
  end: number;
  /** Bracket depth the token sits at; a closing bracket counts as inside its pair. */
  depth: number;
  /** First token on its line, at column 0. */
  lineStart: boolean;
}

const PUNCTUATORS = [
  ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
  "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
  "&=", "|=", "^=", "<<", ">>", "**",
];
const REGEX_AFTER_WORD = new Set([
  "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await",
]);

export function scan(code: string): Token[] {
  const tokens: Token[] = [];
  // One entry per open bracket; "${" marks a template substitution, closed by "}".
  const stack: string[] = [];
  let i = 0;
  let lineStartAt = 0;

  const push = (kind: Token["kind"], start: number, end: number, depth = stack.length) => {
    tokens.push({ kind, text: code.slice(start, end), start, end, depth, lineStart: start === lineStartAt });
  };
  const regexAllowed = () => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === "word") return REGEX_AFTER_WORD.has(prev.text);
    if (prev.kind === "punct") return !(prev.text === ")" || prev.text === "]" || prev.text === "}" || prev.text === "++" || prev.text === "--");
    return false;
  };
  /** Scan template text from i (just after ` or the } ending a substitution) to the closing ` or the next ${. */
  const templateChunk = (start: number) => {
    while (i < code.length) {
      const c = code[i];
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        push("template", start, i);
        return;
      } else if (c === "$" && code[i + 1] === "{") {
        i += 2;
        push("template", start, i);
        stack.push("${");
        return;
      } else i++;
    }
    push("template", start, i);
  };

  while (i < code.length) {
    const c = code[i]!;
    if (c === "\n") {
      i++;
      lineStartAt = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (c === "/" && code[i + 1] === "/") {
      while (i < code.length && code[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && code[i + 1] === "*") {
      const close = code.indexOf("*/", i + 2);
      i = close < 0 ? code.length : close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < code.length && code[i] !== c && code[i] !== "\n") i += code[i] === "\\" ? 2 : 1;
      i++;
      push("string", start, Math.min(i, code.length));
      continue;
    }
    if (c === "`") {
      i++;
      templateChunk(start);
      continue;
    }
    if (c === "/" && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < code.length && code[i] !== "\n") {
        const r = code[i];
        if (r === "\\") i++;
        else if (r === "[") inClass = true;
        else if (r === "]") inClass = false;
        else if (r === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < code.length && /[\w$]/.test(code[i]!)) i++;
      push("regex", start, i);
      continue;
    }
    if (/[\w$#\u0080-\uffff]/.test(c)) {
      while (i < code.length && /[\w$\u0080-\uffff]/.test(code[i]!)) i++;
      push("word", start, i);
      continue;
    }
    if (c === "(" || c === "[" || c === "{") {
      push("punct", start, ++i);
      stack.push(c);
      continue;
    }
    if (c === ")" || c === "]" || c === "}") {
      const open = stack.pop();
      if (open === "${") {
        i++;
        templateChunk(start);
        continue;
      }
      push("punct", start, ++i, stack.length + 1);
      continue;
    }
    const op = PUNCTUATORS.find((p) => code.startsWith(p, i)) ?? c;
    i += op.length;
    push("punct", start, i);
  }
  return tokens;
}

export interface Statement {
  tokens: Token[];
  start: number;
  end: number;
}

const CONTINUATIONS = new Set(["else", "catch", "finally"]);

/** Split scanned esbuild output into its top-level statements. */
export function topLevelStatements(code: string, tokens: Token[] = scan(code)): Statement[] {
  const statements: Statement[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length === 0) return;
    statements.push({ tokens: current, start: current[0]!.start, end: current[current.length - 1]!.end });
    current = [];
  };
  for (const t of tokens) {
    const first = current[0];
    const continues =
      CONTINUATIONS.has(t.text) || (t.text === "while" && first?.text === "do" && !current.some((x) => x.depth === 0 && x.text === "while"));
    if (t.depth === 0 && t.lineStart && !continues) flush();
    current.push(t);
  }
  flush();
  return statements;
}
