/**
 * The files and folders a command line names, checked before any work starts: a typo costs one
 * line on stderr, not a render thrown away at the end or a set recorded to nowhere.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "./args.ts";

/**
 * A file the command will write. Its folder must exist: we never create one, because a mistyped
 * folder would quietly scatter recordings where nobody looks.
 */
export function fileToWrite(path: string): string {
  const folder = dirname(path);
  if (!existsSync(folder)) throw new UsageError(`cannot write ${path}: the folder ${folder} does not exist`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`cannot write ${path}: ${folder} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder`);
  return path;
}

/**
 * A file the command will read: `what` names it in the performer's words ("patch file"),
 * `extension` picks the examples offered when a folder was given instead.
 */
export function fileToRead(path: string, command: string, what: string, extension: string): string {
  if (!existsSync(path)) throw new UsageError(`no such ${what}: ${path}`);
  if (!statSync(path).isDirectory()) return path;
  const examples = readdirSync(path)
    .filter((f) => f.endsWith(extension) && !f.endsWith(".d.ts"))
    .sort()
    .slice(0, 3)
    .map((f) => join(path, f));
  const eg = examples.length > 0 ? `, e.g. ${examples.join(" or ")}` : ` (it holds no ${extension} file)`;
  throw new UsageError(`${path} is a folder; ${command} takes one ${what}${eg}`);
}

/** The folder of patches the daemon plays; one patch file given instead is pointed to `render`. */
export function patchFolder(path: string): string {
  if (!existsSync(path)) throw new UsageError(`no patch folder "${path}"`, true);
  if (!statSync(path).isDirectory()) {
    throw new UsageError(`${path} is a file; live plays a folder of patches, e.g. ${dirname(path)} (one patch alone: npx magicbus render ${path})`);
  }
  return path;
}
