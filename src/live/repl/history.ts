/** REPL history on disk: one entry a line, oldest first, readable only by its owner. */
import { mkdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export const HISTORY_SIZE = 1000;

/** The saved entries, newest first (readline's order); none when the file does not exist yet. */
export function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Returns a saver for readline's "history" event; writes are serialised and failures ignored (history is a convenience). */
export function historySaver(file: string): (newestFirst: string[]) => Promise<void> {
  let pending = Promise.resolve();
  return (newestFirst) => {
    const text = [...newestFirst].reverse().join("\n") + "\n";
    pending = pending.then(async () => {
      try {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        await writeFile(file, text, { mode: 0o600 });
      } catch {
        // a read-only home or a full disk must not disturb a performance
      }
    });
    return pending;
  };
}
