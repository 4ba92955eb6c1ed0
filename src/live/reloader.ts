/**
 * From a saved file to a scheduled swap: compile, rehearse one bar offline, make the nodes in
 * the live session, check their names, and cue the swap at the next quantum boundary. Any
 * failure is reported with file:line:col and the previous version keeps playing.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Cancel } from "../core/timeline.ts";
import type { CompiledScript } from "./compile.ts";
import type { Cue } from "./cues.ts";
import type { LiveSet } from "./live-set.ts";
import type { PatchLoader } from "./patch-loader.ts";
import { PatchError } from "./patch-error.ts";
import type { Quantum } from "./swap-boundary.ts";
import { rehearse, type Rehearsal } from "./rehearse.ts";
import { shortPath } from "./short-path.ts";

export interface ReloadOutcome {
  file: string;
  ok: boolean;
  /** Where the swap is cued (ticks). */
  swapTick?: number;
  /** From the start of the load to the swap being cued, ms. */
  ms: number;
  error?: string;
}

export interface ReloaderOptions {
  quantize: () => Quantum;
  /** Rehearse each version before it may swap in: true (here), false, or how (a thread of its own). */
  rehearse?: boolean | Rehearsal;
  say: (message: string) => void;
  warn: (message: string) => void;
}

export class Reloader {
  private readonly pending = new Map<string, Cancel>();
  private readonly inputs = new Map<string, string[]>();
  /** The version of each patch that is playing (its stack frames locate a node's error). */
  private readonly playing = new Map<string, CompiledScript>();

  constructor(
    private readonly set: LiveSet,
    private readonly loader: PatchLoader,
    private readonly o: ReloaderOptions,
  ) {}

  /** Local files each patch is built from (the watcher follows them). */
  inputsOf(file: string): string[] {
    return this.inputs.get(file) ?? [file];
  }

  /** `script` was swapped in from a followed journal (a standby): it is the version playing. */
  nowPlaying(file: string, script: CompiledScript): void {
    this.playing.set(file, script);
  }

  /** Every compiled script this set knows: the versions playing and the prelude (to locate a stack frame). */
  scripts(): CompiledScript[] {
    return [...this.playing.values()];
  }

  /** The compiled version of `file` that is playing, if any. */
  playingVersion(file: string): CompiledScript | undefined {
    return this.playing.get(file);
  }

  patchesUsing(input: string): string[] {
    return [...this.inputs].filter(([, ins]) => ins.includes(input)).map(([file]) => file);
  }

  /** Load a version of `file` and cue its swap (`quantum` overrides the set's, e.g. "now" at start-up). */
  async load(file: string, quantum?: Quantum): Promise<ReloadOutcome> {
    const started = performance.now();
    const { session, cues, stage } = this.set;
    try {
      const script = await this.loader.compile(file);
      this.inputs.set(file, script.inputs);
      const q = quantum ?? this.o.quantize();
      const swapTick = this.set.nextBoundary(q);
      if (this.o.rehearse !== false) {
        const rehearsal = this.o.rehearse === true || this.o.rehearse === undefined ? rehearse : this.o.rehearse;
        await rehearsal(script, this.loader, {
          atTick: swapTick,
          bpm: session.system.timeline.tempo.bpmAt(swapTick),
          seed: session.system.seed,
          beatsPerBar: session.beatsPerBar,
        });
      }
      const nodes = stage.name(file, await this.loader.instantiate(script, session));
      const cue: Extract<Cue, { kind: "patch" }> = { kind: "patch", file, code: script.code, source: readSource(file) };
      this.set.prepare(cue, nodes);
      this.pending.get(file)?.(); // a newer save replaces a swap still waiting
      const cancel = cues.at(swapTick, cue, () => {
        this.pending.delete(file);
        this.playing.set(file, script);
      });
      this.pending.set(file, cancel);
      stage.claim(file, nodes.keys());
      return { file, ok: true, swapTick, ms: performance.now() - started };
    } catch (err) {
      const message =
        err instanceof PatchError && err.location ? err.message : `${shortPath(file)}: ${err instanceof Error ? err.message : String(err)}`;
      const playing = stage.files().includes(file) || this.pending.has(file);
      this.o.warn(`${message}\n${playing ? "(the previous version keeps playing)" : "(not loaded: fix it and save again)"}`);
      return { file, ok: false, ms: performance.now() - started, error: message };
    }
  }

  /** The file is gone: its nodes leave at the next boundary. */
  unload(file: string): void {
    this.pending.get(file)?.();
    this.pending.delete(file);
    this.set.stage.release(file);
    this.playing.delete(file);
    this.inputs.delete(file);
    this.set.cues.at(this.set.nextBoundary(this.o.quantize()), { kind: "unload", file });
  }

  /** prelude.ts changed: rebuild it (journaled) and reload every patch with the new helpers. */
  async reloadPrelude(files: readonly string[]): Promise<void> {
    try {
      await this.loader.loadPrelude();
    } catch (err) {
      this.o.warn(`${err instanceof Error ? err.message : String(err)}\n(the previous prelude stays in use)`);
      return;
    }
    this.set.cues.soon({ kind: "prelude", code: this.loader.preludeCode! });
    for (const f of files) await this.load(f);
  }
}

function readSource(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
