/** A compiler-style report: `file:line:col: message` and the offending line with a caret under it. */
import { shortLocation } from "./short-path.ts";

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  lineText?: string;
}

export function codeFrame(message: string, loc: SourceLocation | undefined): string {
  if (!loc) return message;
  const head = `${shortLocation(loc)}: ${message}`;
  if (loc.lineText === undefined) return head;
  const gutter = `${loc.line} | `;
  const caret = " ".repeat(gutter.length + Math.max(0, loc.column - 1)) + "^";
  return `${head}\n${gutter}${loc.lineText}\n${caret}`;
}
