/**
 * Which files of a folder are patches: the `.ts` files directly in it (not `.d.ts`, not in a
 * subfolder, which holds what patches import), in name order.
 */
import { readdirSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";

const isPatchName = (name: string) => extname(name) === ".ts" && !name.endsWith(".d.ts");

/** The patch files of `dir`, as absolute paths, in name order. */
export function patchFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter(isPatchName)
    .sort()
    .map((f) => join(dir, f));
}

/** Whether `path` is (or was: a removed file) a patch of `dir`. */
export function isPatchOf(dir: string, path: string): boolean {
  return path.startsWith(dir + "/") && !path.slice(dir.length + 1).includes("/") && isPatchName(path);
}

/** A patch named by path, by file name, or by file name without `.ts`; throws naming the patches there are. */
export function findPatch(dir: string, which: string): string {
  const files = patchFilesIn(dir);
  const found = [resolve(which), join(dir, which), join(dir, `${which}.ts`)].find((c) => files.includes(c));
  if (!found) throw new Error(`no patch "${which}" in ${dir}; patches: ${files.map((f) => basename(f)).join(", ")}`);
  return found;
}
