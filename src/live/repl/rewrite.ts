/**
 * Turn one REPL entry (already transpiled to JavaScript by esbuild) into a script for a persistent
 * vm context. Two concerns drive it:
 * - declarations must persist and be re-declarable: top-level `const`/`let`/`class` become `var`
 *   (a script's lexical bindings could never be declared twice);
 * - top-level `await` needs an async function, whose declarations would be local: their names are
 *   hoisted as `var`s of the script and the declarations become assignments, and the last
 *   expression statement becomes the function's return value.
 */
import { build } from "esbuild";
import { topLevelStatements, type Statement, type Token } from "./scan.ts";

const STATEMENT_KEYWORDS = new Set([
  "var", "let", "const", "function", "class", "if", "for", "while", "do", "switch", "try", "throw", "return",
  "break", "continue", "import", "export", "debugger", "with",
]);

/** A reason the REPL cannot run an entry even though it is valid TypeScript. */
export class UnsupportedInput extends Error {}

function text(code: string, tokens: Token[]): string {
  return tokens.length === 0 ? "" : code.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** The statement's tokens without a trailing semicolon. */
function body(s: Statement): Token[] {
  const last = s.tokens[s.tokens.length - 1];
  return last?.text === ";" ? s.tokens.slice(0, -1) : s.tokens;
}

function kindOf(s: Statement): "lexical" | "var" | "function" | "class" | "expression" | "other" {
  const [a, b] = s.tokens;
  if (!a) return "other";
  if ((a.text === "const" || a.text === "let") && b && (b.kind === "word" || b.text === "{" || b.text === "[")) return "lexical";
  if (a.text === "var") return "var";
  if (a.text === "function" || (a.text === "async" && b?.text === "function")) return "function";
  if (a.text === "class" && b?.kind === "word") return "class";
  if (a.text === "import" && b?.text !== "(" && b?.text !== ".") {
    throw new UnsupportedInput('import declarations do not work in the REPL: write `const { x } = await import("module")`');
  }
  if (a.text === "export") throw new UnsupportedInput("export does not mean anything in the REPL: declare the name instead");
  if (a.kind === "word" && STATEMENT_KEYWORDS.has(a.text)) return "other";
  if (a.text === "{" || a.text === ";" || (a.kind === "word" && b?.text === ":")) return "other";
  return "expression";
}

/** For code without top-level await: run as a script whose declarations are all re-declarable. */
export function rewriteAsScript(code: string): string {
  let out = "";
  let at = 0;
  for (const s of topLevelStatements(code)) {
    const kind = kindOf(s);
    if (kind === "lexical") {
      out += code.slice(at, s.start) + "var";
      at = s.tokens[0]!.end;
    } else if (kind === "class") {
      const name = s.tokens[1]!.text;
      out += `${code.slice(at, s.start)}var ${name} = ${code.slice(s.start, s.end)};`;
      at = s.end;
    }
  }
  return out + code.slice(at);
}

/** Every name the entry declares at top level (destructuring included), as esbuild sees them. */
async function declaredNames(code: string, statements: Statement[]): Promise<string[]> {
  let marked = "";
  let at = 0;
  for (const s of statements) {
    const kind = kindOf(s);
    if (kind === "lexical" || kind === "var" || kind === "function" || kind === "class") {
      marked += `${code.slice(at, s.start)}export `;
      at = s.start;
    }
  }
  if (at === 0 && marked === "") return [];
  marked += code.slice(at);
  const result = await build({
    stdin: { contents: marked, loader: "js" },
    write: false,
    metafile: true,
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
  return Object.values(result.metafile!.outputs).flatMap((o) => o.exports);
}

/** Split a declaration's tokens (after the keyword) at its depth-0 commas. */
function declarators(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.depth === 0 && t.text === ",") parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** For code with top-level await: an async function whose declarations land on the global object. */
export async function rewriteWithAwait(code: string): Promise<string> {
  const statements = topLevelStatements(code);
  const names = await declaredNames(code, statements);
  const hoisted: string[] = [];
  const lines: string[] = [];
  statements.forEach((s, index) => {
    const kind = kindOf(s);
    const isLast = index === statements.length - 1;
    if (kind === "lexical" || kind === "var") {
      const keyword = s.tokens[0]!.text;
      const assignments = declarators(body(s).slice(1)).flatMap((d) => {
        const decl = text(code, d);
        if (d.some((t) => t.depth === 0 && t.text === "=")) return [`(${decl})`];
        return keyword === "var" ? [] : [`(${decl} = void 0)`];
      });
      if (assignments.length > 0) lines.push(`void (${assignments.join(", ")});`);
    } else if (kind === "function") {
      const name = s.tokens.find((t, i) => i > 0 && t.kind === "word" && t.text !== "function")!.text;
      hoisted.push(`${name} = ${code.slice(s.start, s.end)};`);
    } else if (kind === "class") {
      lines.push(`${s.tokens[1]!.text} = ${code.slice(s.start, s.end)};`);
    } else if (kind === "expression" && isLast) {
      lines.push(`return (${text(code, body(s))});`);
    } else {
      lines.push(code.slice(s.start, s.end));
    }
  });
  const vars = names.length > 0 ? `var ${names.join(", ")};\n` : "";
  return `${vars}(async () => {\n${hoisted.join("\n")}\n${lines.join("\n")}\n})()`;
}
