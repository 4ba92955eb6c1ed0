/**
 * The session journal: one JSON object per line, each stamped with the tick it took effect.
 * It holds everything that shapes the music — the session settings and seed, every patch and
 * prelude version swapped in (its compiled code, and its source for people), every parameter,
 * tempo, mute/solo and panic cue, and the REPL lines typed — so `magicbus replay` can render the
 * set again, note for note. Lines are appended and flushed as they happen: a crash loses nothing
 * that was already played.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Cue } from "./cues.ts";
import type { Quantum } from "./swap-boundary.ts";
import type { Session } from "./session.ts";

export const JOURNAL_VERSION = 1;

export interface SessionHeader {
  kind: "session";
  version: number;
  bpm: number;
  seed: string | number;
  beatsPerBar: number;
  stepsPerBeat: number;
  quantize: string;
  startedAt: string;
}

/** A cue as journaled: the tick it acted at, and what it did. */
export type JournalEntry = { tick: number } & Cue;

export class JournalWriter {
  private fd: number | undefined;

  constructor(readonly path: string, header: Omit<SessionHeader, "kind" | "version">) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "w");
    this.write({ kind: "session", version: JOURNAL_VERSION, ...header });
  }

  append(entry: JournalEntry): void {
    this.write(entry);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(obj: object): void {
    if (this.fd === undefined) return;
    appendFileSync(this.fd, JSON.stringify(obj) + "\n");
  }
}

export interface Journal {
  header: SessionHeader;
  entries: JournalEntry[];
}

/** Read a journal; a last line cut off by a crash is ignored, any other bad line is an error. */
export function readJournal(path: string): Journal {
  const lines = readFileSync(path, "utf8").split("\n");
  const objects: Array<Record<string, unknown>> = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      objects.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      const last = lines.slice(i + 1).every((l) => l.trim() === "");
      if (!last) throw new Error(`${path}:${i + 1}: not a journal line (bad JSON)`);
    }
  });
  const header = objects.shift() as SessionHeader | undefined;
  if (!header || header.kind !== "session") throw new Error(`${path}: not a magicbus journal (no session line first)`);
  if (header.version !== JOURNAL_VERSION) {
    throw new Error(`${path}: journal version ${String(header.version)}; this magicbus reads version ${JOURNAL_VERSION}`);
  }
  const entries = objects as unknown as JournalEntry[];
  entries.forEach((e, i) => {
    if (typeof e.tick !== "number" || typeof e.kind !== "string") throw new Error(`${path}: entry ${i + 1} has no tick or kind`);
  });
  return { header, entries };
}

/** The journal's first line for a set played in `session`. */
export function journalHeader(session: Session, quantize: Quantum): Omit<SessionHeader, "kind" | "version"> {
  return {
    bpm: session.system.timeline.tempo.bpmAt(0),
    seed: session.system.seed,
    beatsPerBar: session.beatsPerBar,
    stepsPerBeat: session.clock.getParam("stepsPerBeat") as number,
    quantize,
    startedAt: new Date().toISOString(),
  };
}
