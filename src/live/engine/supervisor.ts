/**
 * The supervisor: the daemon's main thread in a live set. It owns what must outlive any mistake
 * the performer makes — the claim on the folder, the journal, the output thread (and FluidSynth),
 * the recording threads, the file watcher, the terminal and the REPL sockets — and runs the music
 * in an engine thread it can replace. A standby engine follows the journal a few milliseconds
 * behind; when the playing engine stops making progress (runaway code in a node, a signal, a
 * patch or a REPL line) or dies, the supervisor blames the culprit, the standby takes over where
 * the music was, and a new standby starts. docs/architecture.md tells the whole design.
 */
import { EngineWatch } from "./engine-watch.ts";
import { nowMs } from "../../output/clock.ts";
import type { JournalEntry } from "../journal.ts";
import { JournalWriter } from "../journal.ts";
import { openOutput, type LivePortOptions, type OpenOutput } from "../../output/open-output.ts";
import { PPQ } from "../../core/time.ts";
import type { Quantum } from "../swap-boundary.ts";
import { claimSet } from "../set-lock.ts";
import { Watcher, type WatchEvent } from "../watcher.ts";
import { BLAME_EXPRESSION, type StuckAt } from "./blame.ts";
import { EngineHost } from "./engine-host.ts";
import { Phase, type HeartbeatReading } from "./heartbeat.ts";
import { WorkerInspector } from "./inspector.ts";
import type { EngineEvent, EngineInit, EngineReply, EvalReply } from "./protocol.ts";
import { OutputRelay } from "./output-relay.ts";
import type { Carried } from "./carried.ts";
import { engineInit } from "./engine-init.ts";
import { RecordingThreads } from "./recording-threads.ts";
import { Rehearsals } from "./rehearsals.ts";
import { describeCulprit, takeoverNotice, type TakeoverReport } from "./takeover-notice.ts";

export type { TakeoverReport } from "./takeover-notice.ts";

export interface SupervisorOptions {
  dir: string;
  bpm: number;
  seed: string | number;
  /** The recording (absolute path). */
  record: string;
  /** The journal (absolute path), or false for none. */
  journal: string | false;
  quantize: Quantum;
  beatsPerBar?: number;
  lookaheadMs?: number;
  /** The live output to open, or false (record only). */
  port: LivePortOptions | false;
  /** An output already open (a benchmark's recording port), used instead of `port`. */
  output?: OpenOutput;
  midiIn?: string;
  clockIn?: boolean;
  clockOut?: boolean;
  /** Join the Ableton Link session (docs/together.md). */
  link?: { quantum: number; interfaces?: string[]; startStop?: boolean };
  color: boolean;
  /** Keep `status` (the prompt's status line) up to date: a terminal shows it. */
  status?: boolean;
  say: (text: string) => void;
  warn: (text: string) => void;
  /** The output is open (or known to be missing) and the set is about to start: print the header. */
  ready?: (s: Supervisor) => void;
}

/**
 * The standby starts this long after the music (ms). Loading a set is a second or two of CPU; at
 * the very start it competed with the playing engine's first bars on two cores. A takeover before
 * then starts its own standby, a little slower.
 */
const STANDBY_AFTER_MS = 3000;


export class Supervisor {
  primary!: EngineHost;
  standby: EngineHost | undefined;
  /** The live output (set once it is open: it opens while the first engine loads). */
  output: OpenOutput | undefined;
  noPortReason: string | undefined;
  journal: JournalWriter | undefined;
  /** Musical second 0 on the output clock (nowMs). */
  get origin(): number | undefined {
    return this.originMs;
  }

  /** Where the journal is written (none: false). */
  get journalPath(): string | false {
    return this.o.journal;
  }

  /** The dot-commands the engine offers, with their help. */
  commands: Record<string, string> = {};
  /** The engine's last status line (the prompt). */
  status = "";
  readonly takeovers: TakeoverReport[] = [];
  /** Where the set ended ("[12:3]"), once it has. */
  endedAt: string | undefined;
  /** Everything journaled so far (a new standby follows it from the start). */
  private readonly entries: JournalEntry[] = [];
  /** Journaled, not yet passed to the standby. */
  private forStandby: JournalEntry[] = [];
  private committed = 0;
  private originMs: number | undefined;
  private lastReload: { file: string; ok: boolean; at: number } | undefined;
  private readonly relay: OutputRelay;
  private readonly watcher: Watcher;
  private readonly inspector = new WorkerInspector();
  private readonly rehearsals: Rehearsals;
  private readonly recordings: RecordingThreads;
  private readonly watch = new EngineWatch({
    primary: () => this.primary,
    standby: () => (this.quitting ? undefined : this.standby),
    takingOver: () => this.takingOver !== undefined,
    runaway: (engine, reading) => void this.takeOver(engine, reading),
    alive: () => this.output?.link.beat?.(),
    watching: (on) => this.output?.link.beatsFromCaller?.(on),
    standbyStuck: (standby) => {
      // Runaway code that the playing engine survived (it depends on the wall clock, say) caught the standby.
      this.o.warn("the standby engine stopped answering; a new one is starting");
      void standby.end("replaced");
      this.standby = this.engine("standby");
    },
    warn: (text) => this.o.warn(text),
  });
  /** What the playing engine last said the performer set outside the journal (carried.ts). */
  private carried: Carried | undefined;
  private standbyDue: NodeJS.Timeout | undefined;
  private takingOver: Promise<void> | undefined;
  private quitting: Promise<void> | undefined;
  private readonly quitListeners: Array<() => void> = [];
  private readonly takeoverListeners: Array<(r: TakeoverReport) => void> = [];

  /** What the engine said before the header was printed (it loads while the output opens). */
  private early: Array<() => void> | undefined = [];

  private constructor(
    private readonly o: SupervisorOptions,
    private readonly release: () => void,
  ) {
    this.rehearsals = new Rehearsals(this.inspector);
    this.recordings = new RecordingThreads(o.record);
    this.relay = new OutputRelay();
    this.watcher = new Watcher([], (e) => this.fileChanged(e));
  }

  /** Claim the folder, open the output, start the playing engine and its standby. */
  static async start(o: SupervisorOptions): Promise<Supervisor> {
    // Before any file is touched: a second daemon on this folder or recording is refused here.
    const release = claimSet(o.dir, o.record);
    const s = new Supervisor(o, release);
    try {
      // The output opens (the built-in synth takes a second or two) while the first engine loads
      // the set; the engine starts its clock when the supervisor says go.
      const port = o.port;
      const opening = o.output || port === false ? undefined : openOutput({ ...port, onProblem: (m) => o.warn(`output: ${m}`) });
      s.rehearsals.warm();
      s.output = o.output; // (before the engine starts: it must know there is an output)
      s.primary = s.engine("primary", opening !== undefined);
      if (port === false && !o.output) s.noPortReason = "no live port asked for";
      if (opening) {
        try {
          s.output = await opening;
        } catch (err) {
          // An output the performer named must play: better no set than a silent one they did not expect.
          if (port !== false && port.required) throw err;
          s.noPortReason = err instanceof Error ? err.message.split("\n")[0] : String(err);
        }
      }
      s.relay.output = s.output;
      s.giveSender(s.primary);
      o.ready?.(s);
      for (const said of s.early!) said();
      s.early = undefined;
      s.primary.send({ type: "go", ...(s.output?.link.leadMs ? { leadMs: s.output.link.leadMs } : {}) });
      const ready = await s.primary.ready;
      s.commands = ready.commands;
      s.originMs = ready.originMs;
      await s.watcher.ready;
      s.standbyDue = setTimeout(() => {
        if (!s.quitting) s.standby ??= s.engine("standby");
      }, STANDBY_AFTER_MS);
      s.standbyDue.unref();
      s.watch.start();
      return s;
    } catch (err) {
      await s.primary?.end("the set did not start");
      await s.rehearsals.close();
      s.inspector.close();
      release();
      throw err;
    }
  }

  /** The performer asked to end the set (.quit on the main terminal): listeners close the console. */
  onQuitAsked(fn: () => void): void {
    this.quitListeners.push(fn);
  }

  onTakeover(fn: (r: TakeoverReport) => void): void {
    this.takeoverListeners.push(fn);
  }

  // ——— the console's requests, always to the engine playing now ———

  async evaluate(entry: string, color: boolean): Promise<EvalReply> {
    await this.takingOver;
    const engine = this.primary;
    try {
      return await engine.evaluate(entry, color);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  async command(name: string, args: string, out: { print(t: string): void; error(t: string): void }): Promise<void> {
    await this.takingOver;
    try {
      await this.primary.request((id) => ({ type: "command", id, name, args }), undefined, (text, error) => (error ? out.error(text) : out.print(text)));
    } catch (err) {
      out.error(`.${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async complete(line: string): Promise<[string[], string]> {
    try {
      const r = await this.primary.request<Extract<EngineReply, { type: "complete" }>>((id) => ({ type: "complete", id, line }));
      return [r.completions, r.word];
    } catch {
      return [[], line];
    }
  }

  /** End the set: the end cue, the last recording write, the journal closed, every thread ended. */
  quit(): Promise<void> {
    this.quitting ??= (async () => {
      await this.watcher.close();
      // The engine playing ends the set (its end cue, its last recording write). If it is stuck,
      // the heartbeat still catches it and the engine that takes over is asked instead.
      let endAt: number | undefined;
      for (;;) {
        await this.takingOver;
        const engine = this.primary;
        try {
          const r = await engine.request<Extract<EngineReply, { type: "quit" }>>((id) => ({ type: "quit", id }));
          this.endedAt = position(r.endTick, this.o.beatsPerBar ?? 4);
          endAt = r.endAt;
          break;
        } catch (err) {
          if (engine !== this.primary || this.takingOver) continue;
          this.o.warn(`the engine did not end cleanly: ${err instanceof Error ? err.message : String(err)}`);
          break;
        }
      }
      this.watch.stop();
      clearTimeout(this.standbyDue);
      await Promise.all([this.primary.end("the set ended"), this.standby?.end("the set ended")]);
      // The notes computed before the end sound, as the recording says; then the output closes.
      const played = await this.output?.close(endAt);
      if (played) this.o.say(played);
      await this.rehearsals.close();
      await this.recordings.close();
      this.journal?.close();
      this.inspector.close();
      this.release();
    })();
    return this.quitting;
  }

  // ——— engines ———

  /** A new engine; `waitForGo`: the first one, which loads the set while the output opens and waits to start the clock. */
  private engine(role: EngineInit["role"], waitForGo = false): EngineHost {
    const host = new EngineHost(
      role,
      engineInit(this.o, this.output, waitForGo),
      (e, from) => this.heard(e, from),
      (from, why) => void this.lost(from, why),
    );
    this.giveSender(host);
    void this.inspector.watch(host.threadId);
    void host.ready.then(() => this.inspector.prepare(host.threadId));
    if (role === "standby") {
      // It starts from the beginning of the set: everything journaled so far, then what follows.
      this.forStandby = [];
      host.send({ type: "follow", entries: [...this.entries], commit: this.committed });
    }
    return host;
  }

  /**
   * The engine's music goes straight to the output thread, on a line of its own: through this
   * thread it would wake it, be copied twice and leave garbage here for every burst (most of what
   * supervision cost when nothing goes wrong: docs/architecture.md). Other outputs (OSC) relay.
   */
  private giveSender(host: EngineHost): void {
    const link = this.output?.link;
    if (host.sender !== undefined || !link?.openSender) return;
    const sender = link.openSender();
    host.sender = sender.id;
    host.send({ type: "output-sender", sender }, [sender.port]);
  }

  private heard(e: EngineEvent, from: EngineHost): void {
    if (from === this.standby) {
      if (e.type === "warn" || e.type === "lost") this.o.warn(`standby engine: ${e.type === "warn" ? e.text : e.reason}`);
      return; // a standby is silent; its messages before a takeover are its own business
    }
    if (from !== this.primary) return;
    switch (e.type) {
      case "say":
        if (this.early) return void this.early.push(() => this.o.say(e.text));
        return this.o.say(e.text);
      case "warn":
        if (this.early) return void this.early.push(() => this.o.warn(e.text));
        return this.o.warn(e.text);
      case "header":
        return this.openJournal(e.header);
      case "journal":
        return this.journaled(e.entry);
      case "commit":
        return this.commit(e.tick);
      case "status":
        this.status = e.line;
        return;
      case "carried":
        this.carried = e.carried;
        return;
      case "reloaded":
      case "reloaded-gone":
        this.lastReload = e.type === "reloaded" ? { file: e.file, ok: e.ok, at: e.at } : undefined;
        return;
      case "watch":
        this.watcher.follow(e.paths);
        return;
      case "out":
        for (const b of e.bursts) this.relay.send(b.at, b.messages);
        for (const n of e.notes ?? []) this.relay.notes(n.at, n.notes);
        return;
      case "out-panic":
        return this.relay.panic();
      case "out-latency":
        return this.relay.setLatency(e.ms);
      case "out-stats":
        return void this.stats(e.id, from);
      case "recording-open": {
        const port = this.recordings.open(e.path, e.fromTick);
        return from.send({ type: "recording-port", id: e.id, port }, [port]);
      }
      case "rehearse":
        return void this.rehearsals.run(e.job).then((error) => from.send({ type: "rehearse-reply", id: e.id, ...(error ? { error } : {}) }));
      case "quit-asked":
        for (const fn of this.quitListeners) fn();
        return;
      case "lost":
        return void this.lost(from, e.reason);
      case "origin":
        this.originMs = e.originMs;
        return;
      case "ready":
      case "node-id":
        return;
    }
  }

  private openJournal(header: Extract<EngineEvent, { type: "header" }>["header"]): void {
    if (this.o.journal !== false) this.journal = new JournalWriter(this.o.journal, header);
  }

  private journaled(entry: JournalEntry): void {
    this.entries.push(entry);
    this.forStandby.push(entry);
    this.journal?.append(entry);
  }

  private commit(tick: number): void {
    this.committed = tick;
    this.standby?.send({ type: "follow", entries: this.forStandby.splice(0), commit: tick });
  }

  private async stats(id: number, from: EngineHost): Promise<void> {
    try {
      from.send({ type: "stats-reply", id, stats: await this.relay.stats() });
    } catch (err) {
      from.send({ type: "stats-reply", id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private fileChanged(e: WatchEvent): void {
    if (this.quitting) return;
    this.primary.send({ type: "file", event: e });
  }

  // ——— runaway code ———

  private async lost(from: EngineHost, why: string): Promise<void> {
    if (from.dead || this.quitting) return;
    if (from === this.primary) return this.takeOver(from, { ...from.heartbeat.read(), died: why });
    if (from === this.standby) {
      this.o.warn(`the standby engine failed (${why}); a new one is starting`);
      void from.end("replaced");
      this.standby = this.engine("standby");
    }
  }

  private takeOver(old: EngineHost, stuck: HeartbeatReading & { died?: string }): Promise<void> {
    this.takingOver ??= this.replace(old, stuck).finally(() => (this.takingOver = undefined));
    return this.takingOver;
  }

  private async replace(old: EngineHost, stuck: HeartbeatReading & { died?: string }): Promise<void> {
    const noticed = nowMs();
    old.dead = true;
    const standby = this.standby ?? this.engine("standby");
    this.standby = undefined;
    // Who was running. The heartbeat marks the node whose synchronous code runs; the inspector asks
    // the paused engine itself (exact, async nodes too, and the line) but can take a while on a
    // busy machine. Only music needs the culprit before the takeover (it must not play again); a
    // REPL line or a command is simply not run again, and a patch's top level is not journaled.
    const music = stuck.phase === Phase.Music || stuck.phase === Phase.Idle;
    const looking = stuck.died === undefined && music ? this.inspector.look(old.threadId, BLAME_EXPRESSION, 1000) : Promise.resolve(undefined);
    const marked = music ? old.nodeNames.get(stuck.node) : undefined;
    let at: StuckAt = marked === undefined && music ? (((await Promise.race([looking, delay(300)])) ?? {}) as StuckAt) : {};
    const node = marked ?? at.node;
    const what = describeCulprit(stuck, node, at);
    const reason = stuck.died !== undefined ? `the engine failed (${stuck.died}) ${what}` : `stuck for ${Math.round(stuck.silentMs)} ms ${what}`;
    // What was asked of the old engine (the REPL line that ran away) is answered now; its thread
    // ends once the inspector is done with it (a paused thread is resumed first).
    const stopped = `stopped: it ran for more than ${Math.round(stuck.silentMs)} ms (${what}), so the engine was replaced; the music went on`;
    old.reject(stopped);
    void looking.finally(() => {
      this.inspector.forget(old.threadId);
      void old.end(stopped);
    });

    await standby.ready;
    const { recording, take } = this.recordings.forTakeover();
    // Entries the old engine journaled after its last commit (cues at the instant it was stuck in).
    standby.send({ type: "follow", entries: this.forStandby.splice(0), commit: this.committed });
    // What the old engine sent: on its own line (read to its end now) and through the relay (OSC).
    const link = this.output?.link;
    const sentDirectly = old.sender !== undefined && standby.sender !== undefined ? await link?.handOver?.(old.sender, standby.sender) : undefined;
    const sentByOld = Math.max(sentDirectly ?? -Infinity, this.relay.lastSentAt ?? -Infinity);
    this.relay.takenOver();
    const order = {
      ...(music && stuck.silentMs > 0 ? { stuckTick: stuck.tick } : {}),
      ...(node !== undefined ? { node } : {}),
      reason,
      originMs: this.originMs ?? nowMs(),
      ...(this.output ? { latencyMs: this.output.link.latencyMs } : {}),
      ...(sentByOld > -Infinity ? { lastSentAt: sentByOld } : {}),
      ...(this.lastReload ? { lastReload: this.lastReload } : {}),
      ...(this.carried ? { carried: this.carried } : {}),
      recording,
      ...(take ? { take } : {}),
    };
    this.primary = standby;
    const transfer = [recording, ...(take ? [take.port] : [])];
    const reply = await standby.request<Extract<EngineReply, { type: "takeover" }>>((id) => ({ type: "takeover", id, order }), transfer);
    const report: TakeoverReport = {
      reason: stuck.died !== undefined ? reason : `stuck for ${Math.round(stuck.silentMs)} ms`,
      ...(node !== undefined ? { node } : {}),
      ...(at.where !== undefined ? { where: at.where } : {}),
      ms: nowMs() - noticed,
      ...(reply.silence ? { silence: reply.silence } : {}),
      ...(reply.owner ? { owner: reply.owner } : {}),
    };
    this.takeovers.push(report);
    // The line it was stuck at, if the inspector could tell by now.
    at = { ...(((await looking) ?? {}) as StuckAt), ...at };
    if (at.where !== undefined && report.where === undefined) report.where = at.where;
    this.o.warn(takeoverNotice(report, stuck, at));
    for (const fn of this.takeoverListeners) fn(report);
    this.standby = this.engine("standby");
  }
}

/** "[bar:beat]" of a tick. */
function position(tick: number, beatsPerBar: number): string {
  const beats = tick / PPQ;
  const bar = Math.floor(beats / beatsPerBar) + 1;
  return `[${bar}:${Math.floor(beats - (bar - 1) * beatsPerBar) + 1}]`;
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
