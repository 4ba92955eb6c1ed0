/**
 * The live daemon: one clock and one MIDI sink that never stop, every patch of a folder loaded
 * into one bus and hot-reloaded on save, the performer's cues (REPL, files) journaled, and a
 * recording that is valid at every moment.
 */
import { basename, resolve } from "node:path";
import { findPatch, isPatchOf, patchFilesIn } from "./patch-files.ts";
import { DEFAULT_LOOKAHEAD_MS } from "../core/realtime-driver.ts";
import { locateError } from "./error-location.ts";
import { emptyFolderNotice } from "./empty-folder.ts";
import { shortLocation } from "./short-path.ts";
import type { Problem } from "../core/bus.ts";
import { PPQ } from "../core/time.ts";
import { checkBpm } from "../core/tempo-map.ts";
import { journalHeader, JournalWriter, type JournalEntry } from "./journal.ts";
import { keptValue } from "./param-values.ts";
import { LivePort } from "../output/live-port.ts";
import type { LinkSync } from "./link/link-sync.ts";
import { MidiControl } from "./midi-control.ts";
import { PianoNode } from "../mil/nodes/piano-node.ts";
import { PatternNode } from "../pattern/pattern-node.ts";
import type { MidiInputPort } from "./midi-input.ts";
import { performance } from "node:perf_hooks";
import { describeSwap, LiveSet } from "./live-set.ts";
import { PatchLoader } from "./patch-loader.ts";
import { checkQuantum, type Quantum } from "./swap-boundary.ts";
import { Recording } from "./recording.ts";
import { Reloader, type ReloadOutcome } from "./reloader.ts";
import { createSession } from "./session.ts";
import { claimSet } from "./set-lock.ts";
import { Watcher, type WatchEvent } from "./watcher.ts";

export type { DaemonOptions } from "./daemon-options.ts";
import type { DaemonOptions } from "./daemon-options.ts";

/** Where journal entries go: a file (JournalWriter) or a supervisor. */
export interface JournalSink {
  readonly path?: string;
  append(entry: JournalEntry): void;
  close(): void;
}

export interface ReloadNotice extends ReloadOutcome {
  /** When the watcher saw the save (performance.now()). */
  savedAt?: number;
  /** When the swap was cued (performance.now()). */
  at: number;
}

export class Daemon {
  readonly set: LiveSet;
  readonly loader: PatchLoader;
  readonly reloader: Reloader;
  readonly dir: string;
  quantize: Quantum;
  recording: Recording | undefined;
  /** A `.record start` recording, besides the main one. */
  take: Recording | undefined;
  readonly journal: JournalSink | undefined;
  /** Cues are journaled as they act (a standby's are not: they come from the journal). */
  journaling = true;
  lastReload: { file: string; at: Date; ok: boolean } | undefined;
  /** The live MIDI port, when one could be opened. */
  port: LivePort | undefined;
  /** Why there is no live port (one line), when there is none. */
  noPortReason: string | undefined;
  /** MIDI in (controllers, clock in) and clock out. */
  midiControl!: MidiControl;
  /** The Ableton Link session, while Link is on. */
  link: LinkSync | undefined;
  /** Link was asked for (an engine taking over joins again). */
  linkWanted: boolean;
  /** How Link joins when it is switched on (`--link`, `.link on`). */
  linkOptions: NonNullable<DaemonOptions["link"]>;
  /** Told when Link moves the clock's origin (a supervisor keeps it for a takeover). */
  onOrigin: ((originMs: number) => void) | undefined;
  readonly recordPath: string;
  private readonly flushMs: number;
  private readonly recordingLink: DaemonOptions["recordingLink"];
  private watcher: Watcher | undefined;
  private watching: ((paths: string[]) => void) | undefined;
  private readonly reloaded: DaemonOptions["reloaded"];
  private releaseClaim: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private quitting: Promise<void> | undefined;
  /** Why nodes stopped, when it was not an error of their own. */
  private readonly whyStopped = new Map<string, string>();
  /** The performer set the lookahead (--lookahead): it is not lengthened for the output's lead. */
  private readonly lookaheadChosen: boolean;
  private readonly reloadListeners = new Set<(n: ReloadNotice) => void>();
  /** What the performer is told, and warned of (the terminal, or the supervisor's). */
  readonly say: (text: string) => void;
  readonly warn: (text: string) => void;

  private constructor(o: DaemonOptions) {
    this.dir = resolve(o.dir);
    this.quantize = checkQuantum(o.quantize ?? "bar");
    this.lookaheadChosen = o.lookaheadMs !== undefined;
    this.linkOptions = o.link ?? { quantum: 4 };
    this.linkWanted = o.link !== undefined;
    this.onOrigin = o.onOrigin;
    this.say = o.say ?? ((t) => console.log(t));
    this.warn = o.warn ?? ((t) => console.error(t));
    const session = createSession({
      clock: o.clock ?? "realtime",
      bpm: o.bpm ?? 120,
      seed: o.seed ?? Date.now() % 1_000_000,
      beatsPerBar: o.beatsPerBar ?? 4,
      logger: (p) => this.problem(p),
      ...(o.lookaheadMs !== undefined ? { lookaheadMs: o.lookaheadMs } : {}),
    });
    this.recordPath = resolve(o.record ?? "out.mid");
    this.flushMs = o.flushMs ?? 2000;
    this.recordingLink = o.recordingLink;
    this.reloaded = o.reloaded;
    const journalPath = o.journal === false ? undefined : resolve(o.journal ?? this.recordPath.replace(/\.midi?$/i, "") + ".journal.jsonl");
    this.journal = o.journalSink ?? (journalPath ? new JournalWriter(journalPath, journalHeader(session, this.quantize)) : undefined);
    this.journaling = !o.standby;
    const journal = this.journal;
    this.set = new LiveSet(session, journal ? (cue, tick) => this.journaling && journal.append({ tick, ...cue }) : undefined, {
      // A standby following the journal plays silently: the performer heard these already.
      swapped: (r, tick) => {
        for (const n of [...r.added, ...r.replaced]) this.whyStopped.delete(n);
        if (this.journaling) this.say(`${this.position(tick)} ${basename(r.file)}: ${describeSwap(r)}`);
      },
      takenOut: (node) => this.whyStopped.set(node, "taken out: it ran away"),
      unloaded: (file, nodes, tick) =>
        this.journaling && this.say(`${this.position(tick)} ${basename(file)} removed: ${nodes.map((n) => `-${n}`).join(" ") || "(no nodes)"}`),
    });
    this.loader = new PatchLoader(o.prelude);
    this.reloader = new Reloader(this.set, this.loader, {
      quantize: () => this.quantize,
      rehearse: o.rehearse === false ? false : (o.rehearsal ?? true),
      say: this.say,
      warn: this.warn,
    });
    this.loader.running = o.loading;
    if (o.played && session.system.realtime) session.system.realtime.onWindow = o.played;
    // A standby records nothing until it takes over (then it writes the whole set again).
    if (!o.standby) this.recording = this.record(this.recordPath, 0);
    // A controller moved is a performer's change: journaled, acting at the next free tick.
    session.control.cue = (target, param, value) => this.set.cues.soon({ kind: "param", target, param, value });
  }

  /** Start: load every patch (heard from the first beat), start the clock, watch the files. */
  static async start(o: DaemonOptions): Promise<Daemon> {
    // Before any file is touched: a second daemon on this folder or recording is refused here.
    const release = o.claim === false ? () => {} : claimSet(resolve(o.dir), resolve(o.record ?? "out.mid"));
    try {
      const d = new Daemon(o);
      d.releaseClaim = release;
      await d.begin(o);
      return d;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** MIDI input (controllers, clock in) and clock out as the options ask, in place of any open before (a standby taking over). */
  async openMidi(ports: Pick<DaemonOptions, "midiIn" | "clockIn" | "clockOut">, openPorts: boolean): Promise<void> {
    this.midiControl?.close();
    const { midiIn, clockIn, clockOut } = ports;
    const control = { ...(midiIn !== undefined ? { midiIn } : {}), ...(clockIn ? { clockIn } : {}), ...(clockOut ? { clockOut } : {}) };
    this.midiControl = await MidiControl.open(this.set, { ...control, openPorts, say: this.say, warn: this.warn });
  }

  /** Open the ports, load every patch (heard from the first beat), start the clock, watch the files. */
  private async begin(o: DaemonOptions): Promise<void> {
    if (o.standby) {
      // Everything comes from the journal; nodes start as they are added, time moves in follow().
      this.noPortReason = "standby";
      await this.openMidi({}, false);
      this.session.system.start();
      return;
    }
    if (o.output) {
      this.port = new LivePort(this.session.system, o.output, this.session.beatsPerBar);
      this.session.midi.output = this.port;
    } else if (o.port !== false && o.clock !== "virtual") {
      try {
        this.port = await LivePort.open(this.session.system, { ...(o.port ?? {}), onProblem: (m) => this.warn(`MIDI: ${m}`) }, this.session.beatsPerBar);
        this.session.midi.output = this.port;
      } catch (err) {
        this.noPortReason = err instanceof Error ? err.message.split("\n")[0] : String(err);
      }
    } else {
      this.noPortReason = "no live port asked for";
    }
    await this.openMidi(o, o.clock !== "virtual");
    // Link first: found and measured while the set loads, the music starts in the session's time.
    if (o.link && o.clock !== "virtual") await this.startLink();
    await this.loader.loadPrelude();
    this.set.cues.soon({ kind: "prelude", code: this.loader.preludeCode! });
    if (this.patchFiles().length === 0) this.warn(emptyFolderNotice(this.dir));
    for (const file of this.patchFiles()) {
      const r = await this.reloader.load(file, "now");
      if (r.ok) this.noteReload(r);
    }
    await this.link?.settled();
    o.ready?.(this);
    await o.go;
    this.midiControl.clockOut?.start(0);
    this.session.system.start();
    if (o.clock === "virtual") return;
    this.run();
    const paths = [this.dir, this.loader.preludePath, ...this.patchFiles().flatMap((f) => this.reloader.inputsOf(f))];
    if (o.watch === false) {
      this.watching = o.watching;
      this.watching?.(paths);
      return;
    }
    this.watcher = new Watcher(paths, (e) => void this.fileChanged(e));
    this.watching = (more) => this.watcher?.follow(more);
    await this.watcher.ready;
  }

  /** Start the clock in real time (`originMs`: where musical second 0 falls, to continue another engine's grid). */
  run(originMs?: number): void {
    const { system } = this.session;
    system.start();
    const driver = system.realtime;
    if (!driver) throw new Error("run() needs the realtime clock");
    // An output that wants its messages early (the built-in synth, by its audio path) gets the
    // music computed that much further ahead: a busy moment then has as much room before a note
    // is late as with a MIDI port. (Not when the performer chose the lookahead.)
    if (!this.lookaheadChosen && this.port) driver.lookaheadMs = DEFAULT_LOOKAHEAD_MS + this.port.leadMs;
    // A fresh set starts one lookahead from now: its first notes reach the output as early as all
    // the others do (the built-in synth needs them ahead; a MIDI port is no worse for it).
    let origin = originMs ?? driver.wallMsNow() + driver.lookaheadMs - system.timeline.nowSeconds * 1000;
    // In a Link session, a fresh set starts on the session's next bar line (or founds it).
    if (this.link && originMs === undefined && system.timeline.now === 0) origin = this.link.alignStart(origin);
    this.running = driver.run(Infinity, origin);
    if (this.link && driver.origin !== undefined) this.onOrigin?.(performance.timeOrigin + driver.origin);
    this.running.catch((err: unknown) => this.warn(`the clock stopped: ${String(err)}`));
  }

  /** Open the set's recording (or a take) from `fromTick`; `resume` rewrites it from this set's own copy. */
  record(path: string, fromTick: number, resume = false, link = this.recordingLink?.(path, fromTick)): Recording {
    return new Recording(path, this.session.midi, {
      fromTick,
      flushEveryMs: fromTick === 0 ? this.flushMs : 2000,
      onProblem: (m) => this.warn(m),
      ...(link ? { link } : {}),
      ...(resume ? { resume } : {}),
    });
  }

  get session() {
    return this.set.session;
  }

  /** Patch files of the folder: *.ts (not .d.ts), in name order. */
  patchFiles(): string[] {
    return patchFilesIn(this.dir);
  }

  /** The musical position being heard now (ticks). */
  get heardTick(): number {
    const { system } = this.session;
    const seconds = system.realtime?.elapsedSeconds() ?? system.timeline.nowSeconds;
    return Math.min(system.timeline.now, Math.floor(system.timeline.tempo.toTicks(seconds)));
  }

  position(tick = this.heardTick): string {
    const beats = tick / PPQ;
    const bar = Math.floor(beats / this.session.beatsPerBar) + 1;
    const beat = Math.floor(beats - (bar - 1) * this.session.beatsPerBar) + 1;
    return `[${bar}:${beat}]`;
  }

  get bpmNow(): number {
    return this.session.system.timeline.tempo.bpmAt(this.heardTick);
  }

  /** The piano nodes playing, in the order they were added. */
  pianos(): PianoNode[] {
    const { system } = this.session;
    return system.names().map((n) => system.node(n)).filter((n): n is PianoNode => n instanceof PianoNode);
  }

  /** The pattern nodes playing, in the order they were added. */
  patterns(): PatternNode[] {
    const { system } = this.session;
    return system.names().map((n) => system.node(n)).filter((n): n is PatternNode => n instanceof PatternNode);
  }

  /** Names of the nodes the patches made (not the session's own). */
  patchNodes(): string[] {
    return this.set.stage.files().flatMap((f) => this.set.stage.nodesOf(f));
  }

  /** Patch nodes that stopped after an error (or were taken out as runaway): still the patch's, not playing. */
  stoppedNodes(): string[] {
    return this.patchNodes().filter((n) => !this.session.system.node(n));
  }

  /** Why a patch node is not playing, in a few words. */
  stoppedBecause(name: string): string {
    return this.whyStopped.get(name) ?? "stopped after an error";
  }

  onReload(fn: (n: ReloadNotice) => void): () => void {
    this.reloadListeners.add(fn);
    return () => this.reloadListeners.delete(fn);
  }

  // ——— the performer's cues ———

  /** Change a param at the next free tick, journaled under the performer's name; a bad target, param or value (or an unkeepable pattern) throws. */
  setParam(target: string, param: string, value: unknown): void {
    // The clock's bpm is the tempo: it goes through the one tempo door, at the next beat.
    if (target === this.session.clock.name && param === "bpm") {
      this.setBpm(value as number);
      return;
    }
    const name = this.session.system.checkParam(target, param, value);
    this.set.cues.soon({ kind: "param", target, param: name, value: keptValue(target, name, value) });
  }

  /** Change the tempo at the next beat (a bad tempo throws and changes nothing). */
  setBpm(bpm: number): number {
    const tick = this.set.nextBoundary("beat");
    checkBpm(bpm);
    this.set.cues.at(tick, { kind: "tempo", bpm });
    return tick;
  }

  mute(name: string): void {
    this.requireNode(name);
    this.set.cues.soon({ kind: "mute", node: name });
  }

  unmute(name?: string): void {
    if (name !== undefined) this.requireNode(name);
    this.set.cues.soon(name === undefined ? { kind: "unmute" } : { kind: "unmute", node: name });
  }

  solo(names: string[]): void {
    for (const n of names) this.requireNode(n);
    this.set.cues.soon({ kind: "solo", nodes: names });
  }

  /** All notes off, now: the port's thread at once, the sink's ledger at the next free tick. */
  panic(): void {
    this.port?.panic();
    this.set.cues.soon({ kind: "panic" });
  }

  /** The output latency of the live port (ms), changed without a glitch. */
  setLatency(ms: number): void {
    if (!this.port) throw new Error(`no live MIDI port (${this.noPortReason ?? "none"}): latency applies to a port`);
    this.port.setLatency(ms);
  }

  /** Bytes from the MIDI input, or a test: see MidiControl.feed. */
  feedMidi(bytes: ArrayLike<number>, atMs?: number): void {
    this.midiControl.feed(bytes, atMs);
  }

  /** Whether a MIDI input is open. */
  get input(): MidiInputPort | undefined {
    return this.midiControl.input;
  }

  /** A line typed in the REPL, for the journal. */
  noteLine(line: string): void {
    this.set.cues.note({ kind: "repl", line });
  }

  /** Reload one patch (a path or a name in the folder) or all of them. */
  async reload(which?: string): Promise<ReloadOutcome[]> {
    const files = which ? [findPatch(this.dir, which)] : this.patchFiles();
    const out: ReloadOutcome[] = [];
    for (const f of files) {
      const r = await this.reloader.load(f);
      this.noteReload(r);
      out.push(r);
    }
    return out;
  }

  /** Start recording a take from the next bar to `path`. */
  recordStart(path: string): number {
    if (this.take) throw new Error(`already recording to ${this.take.path}; .record stop first`);
    const tick = this.set.nextBoundary("bar");
    this.take = this.record(resolve(path), tick);
    return tick;
  }

  /** Stop the take; resolves with its path once the file is written. */
  async recordStop(): Promise<string> {
    if (!this.take) throw new Error("not recording a take (.record start FILE)");
    const take = this.take;
    this.take = undefined;
    await take.stop(this.session.system.timeline.now);
    return take.path;
  }

  /** Join the Link session on the network (`--link`, `.link on`); its code loads only then. Realtime only. */
  async startLink(): Promise<LinkSync> {
    this.linkWanted = true;
    if (this.link) return this.link;
    const { joinLink } = await import("./link/join-link.ts");
    this.link = await joinLink(this, { say: this.say, warn: this.warn });
    return this.link;
  }

  /** Leave the Link session: the set keeps the tempo it has. */
  async stopLink(wanted = false): Promise<void> {
    this.linkWanted = wanted;
    await this.link?.stop();
    this.link = undefined;
  }

  /**
   * End the set: all notes off, the recording and journal finalised, files unwatched. The end
   * is a cue too (at the next free tick), so a replay stops at the same instant.
   */
  quit(): Promise<void> {
    this.quitting ??= new Promise<void>((done) => {
      // `endTick`: the output plays out what the set computed up to its end before it closes.
      const finish = async (endTick?: number) => {
        await this.stopLink(this.linkWanted);
        this.midiControl.close();
        await this.port?.close(endTick);
        await this.watcher?.close();
        await Promise.all([this.take?.stop(), this.recording?.stop()]);
        this.journal?.close();
        this.releaseClaim?.();
        done();
      };
      const system = this.session.system;
      if (!system.realtime || !this.running) {
        // Nothing is running the clock (virtual time): the set ends where time stands.
        const tick = this.set.cues.nextFreeTick;
        this.journal?.append({ tick, kind: "end" });
        this.midiControl.close();
        system.stop();
        void finish();
        return;
      }
      this.set.cues.soon({ kind: "end" }, () => {
        // Hardware following our clock stops with us, at the very end.
        this.midiControl.close();
        void finish(system.timeline.now);
      });
    });
    return this.quitting;
  }

  private requireNode(name: string): void {
    if (!this.session.system.node(name)) {
      throw new Error(`no node named "${name}"; nodes: ${this.session.system.names().join(", ")}`);
    }
  }

  /** A patch, the prelude or a file a patch imports was saved or removed. */
  async fileChanged(e: WatchEvent): Promise<void> {
    if (this.quitting) return;
    const isPatch = isPatchOf(this.dir, e.path);
    if (e.path === resolve(this.loader.preludePath)) {
      await this.reloader.reloadPrelude(this.set.stage.files());
      return;
    }
    if (isPatch && e.kind === "removed") {
      this.reloader.unload(e.path);
      // The status line must not go on naming a file that is gone (with a ✗: broken, it would say).
      if (this.lastReload?.file === e.path) this.noteReload(undefined);
      return;
    }
    const files = isPatch ? [e.path] : this.reloader.patchesUsing(e.path);
    for (const file of files) {
      const r = await this.reloader.load(file);
      this.noteReload(r);
      if (r.ok) {
        this.watching?.(this.reloader.inputsOf(file));
        this.say(`reloaded ${basename(file)} in ${r.ms.toFixed(0)} ms, swap at ${this.position(r.swapTick)}`);
      }
      const at = performance.now();
      for (const fn of this.reloadListeners) fn({ ...r, savedAt: e.at, at });
    }
  }

  private noteReload(r: ReloadOutcome | undefined): void {
    this.lastReload = r && { file: r.file, at: new Date(), ok: r.ok };
    this.reloaded?.(this.lastReload);
  }

  private problem = (p: Problem): void => this.warn(`${this.position()} ${p.message}${this.whereInPatch(p)}`);

  /** Where in its patch a node's error was thrown: " (patches/a.ts:4:13)" and the line, when known. */
  private whereInPatch(p: Problem): string {
    if (p.error === undefined || p.node === undefined) return "";
    const file = this.set.stage.ownerOf(p.node);
    const script = file === undefined ? undefined : this.reloader.playingVersion(file);
    const loc = script && locateError(p.error, script);
    return !loc ? "" : ` (${shortLocation(loc)})${loc.lineText === undefined ? "" : `\n  ${loc.line} | ${loc.lineText.trim()}`}`;
  }
}
