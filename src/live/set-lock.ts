/**
 * One daemon per patch folder and per recording: a second `magicbus live` on the same folder (or
 * writing the same recording) is refused before it touches any file — otherwise it would rewrite
 * the running set's journal and recording under it.
 *
 * Each claim is a small file in the owner-only runtime directory (next to the REPL socket), named
 * by a hash of the absolute path it guards and holding the owner's pid. A claim whose pid is gone
 * (a daemon killed with -9) is stale and taken over.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { defaultSocketPath, secureDirectory } from "./repl/socket-path.ts";

export interface SetClaim {
  what: "patch folder" | "recording";
  path: string;
}

interface Holder {
  pid: number;
  dir: string;
  record: string;
}

export class SetLockedError extends Error {}

/** Where the claims live (the REPL socket's directory, owner-only). */
export function lockDirectory(): string {
  return join(dirname(defaultSocketPath()), "sets");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockFile(root: string, path: string): string {
  return join(root, createHash("sha1").update(path).digest("hex").slice(0, 16) + ".lock");
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Claim the patch folder `dir` and the recording `record` (absolute paths) for this process.
 * Throws SetLockedError naming the running daemon; returns a release function (also run at exit).
 */
export function claimSet(dir: string, record: string, root = lockDirectory()): () => void {
  secureDirectory(dirname(root));
  secureDirectory(root);
  const me: Holder = { pid: process.pid, dir, record };
  const taken: string[] = [];
  const release = () => {
    for (const f of taken.splice(0)) {
      if (readHolder(f)?.pid === process.pid) unlinkSafe(f);
    }
    process.off("exit", release);
  };
  const claims: SetClaim[] = [
    { what: "patch folder", path: dir },
    { what: "recording", path: record },
  ];
  try {
    for (const c of claims) taken.push(take(lockFile(root, c.path), me, c));
  } catch (err) {
    release();
    throw err;
  }
  process.on("exit", release);
  return release;
}

function take(file: string, me: Holder, claim: SetClaim): string {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readHolder(file);
      if (holder && alive(holder.pid)) {
        const where = relative(process.cwd(), holder.dir) || ".";
        throw new SetLockedError(
          `a magicbus daemon (pid ${holder.pid}) is already playing ${where}/ and recording to ${relative(process.cwd(), holder.record)}` +
            ` — the same ${claim.what} as this one. Attach to it with \`npx magicbus repl\`, or end it (.quit) first.`,
        );
      }
      unlinkSafe(file); // stale: its daemon is gone
    }
  }
  throw new SetLockedError(`could not claim ${claim.path}: another daemon keeps claiming it`);
}

function unlinkSafe(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}
