/**
 * Garbage collection on the output thread's terms. Left to itself, V8 collects the young generation
 * when it fills up — wherever the thread happens to be, often in the last stretch before a send —
 * and a scavenge here takes 1–2 ms. The pacer collects it instead in the slack between sends,
 * often enough that it never fills, and only where the slack is several times longer than recent
 * collections took. Where the music never leaves such slack, V8 collects as before: nothing breaks.
 *
 * @example const gc = new GcPacer(exposeMinorGc());
 *          // after each send: gc.maybeCollect(now, nextSpinStart - now)
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface GcPacerOptions {
  /** Collect at most this often (ms). Young-generation garbage made in between must fit in it. */
  everyMs?: number;
  /** Never collect in less slack than this (ms). */
  minSlackMs?: number;
  /** Slack needed as a multiple of the typical (median) recent collection. */
  slackFactor?: number;
}

export interface GcStats {
  /** Collections the pacer ran (the warm-up's included), and the longest one (ms). */
  pacedCollections: number;
  pacedMaxMs: number;
}

/** Recent collection times kept to size the slack needed. */
const RECENT = 16;

export class GcPacer {
  private readonly o: Required<GcPacerOptions>;
  private last = -Infinity;
  private readonly recent = new Float64Array(RECENT);
  private count = 0;
  private maxMs = 0;
  /** slackNeededMs, worked out after each collection: the thread asks on every turn of its loop. */
  private needed: number;

  constructor(
    private readonly collect: (() => void) | undefined,
    options: GcPacerOptions = {},
  ) {
    this.o = { everyMs: 500, minSlackMs: 1, slackFactor: 1.5, ...options };
    this.needed = this.o.minSlackMs;
  }

  /**
   * The slack a collection needs now (ms). From the median, not the longest: one collection slowed
   * by a loaded machine would otherwise stop the pacing, and V8 would collect wherever it liked.
   */
  get slackNeededMs(): number {
    return this.needed;
  }

  /**
   * Collect `times` times now, before any music: what survived loading moves out of the young
   * generation, and the times taken tell how much slack a collection needs.
   */
  warmUp(clock: () => number, times = 3): void {
    for (let i = 0; i < times; i++) this.run(clock);
  }

  /**
   * Collect if one is due and `slackMs` (time until the thread must be spinning again) is enough.
   * `clock` times the collection. Returns whether it collected.
   */
  maybeCollect(now: number, slackMs: number, clock: () => number): boolean {
    if (this.collect === undefined || now - this.last < this.o.everyMs || slackMs < this.slackNeededMs) return false;
    this.run(clock);
    return true;
  }

  private run(clock: () => number): void {
    if (this.collect === undefined) return;
    const start = clock();
    this.collect();
    const end = clock();
    this.recent[this.count++ % RECENT] = end - start;
    this.maxMs = Math.max(this.maxMs, end - start);
    this.last = end;
    const n = Math.min(this.count, RECENT);
    const typical = this.recent.slice(0, n).sort()[Math.floor(n / 2)]!;
    this.needed = Math.max(this.o.minSlackMs, this.o.slackFactor * typical);
  }

  stats(): GcStats {
    return { pacedCollections: this.count, pacedMaxMs: this.maxMs };
  }
}

/**
 * A function that runs a minor collection (a scavenge) of the calling thread's heap, or undefined
 * where V8 refuses. `--expose-gc` is on only while one fresh context is made, so that contexts made
 * later (the REPL's) do not get a global `gc`.
 */
export function exposeMinorGc(): (() => void) | undefined {
  type Gc = (o?: { type: "minor" }) => void;
  const existing = (globalThis as { gc?: Gc }).gc; // node --expose-gc: already there, leave the flag alone
  if (typeof existing === "function") return () => existing({ type: "minor" });
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as Gc | undefined;
    return typeof gc === "function" ? () => gc({ type: "minor" }) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

/**
 * Run `create` (which starts a worker) with V8's memory reducer off, then turn it back on once the
 * worker is running. V8 reads the flag when it sets up an isolate's heap, so the worker alone goes
 * without it. The reducer shrinks an idle heap with full collections of 3–8 ms, several seconds after
 * the heap grew — on the output thread, in the middle of a set. Its heap is small; let it stay put.
 */
export function withoutMemoryReducer<T extends { once(event: "online" | "exit", f: () => void): unknown }>(create: () => T): T {
  // A Node whose V8 refuses flags after start still gets its output thread, with the reducer on.
  const flag = (f: string) => {
    try {
      setFlagsFromString(f);
    } catch {
      // nothing to undo
    }
  };
  flag("--no-memory-reducer");
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    flag("--memory-reducer");
  };
  try {
    const worker = create();
    worker.once("online", restore);
    worker.once("exit", restore);
    return worker;
  } catch (err) {
    restore();
    throw err;
  }
}
