/** Files as the performer sees them: relative to where the daemon was started, when below it. */
import { relative } from "node:path";
import type { SourceLocation } from "./code-frame.ts";

/** `patches/a.ts` for a file below the working directory, the absolute path otherwise. */
export function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") ? file : rel;
}

/** `patches/a.ts:4:13`. */
export function shortLocation(loc: SourceLocation): string {
  return `${shortPath(loc.file)}:${loc.line}:${loc.column}`;
}
