/**
 * An engine: the bus, the nodes, the patches and REPL evaluation, on a thread of its own, run by
 * the supervisor (supervisor.ts). It is the daemon of a plain process (daemon.ts) with its edges
 * handed to the supervisor: the journal, the output, the recording threads, the watcher, the
 * terminal. Its heartbeat tells the supervisor it is making progress; a standby engine follows the
 * journal until it is told to take over.
 */
import { inspect } from "node:util";
import type { MessagePort } from "node:worker_threads";
import { watchActing } from "../../core/node-context.ts";
import { PPQ } from "../../core/time.ts";
import { CONTROL_PRIORITY } from "../../core/timeline.ts";
import { completionSources } from "../completion.ts";
import { Daemon } from "../daemon.ts";
import { journalHeader } from "../journal.ts";
import type { OpenOutput } from "../../output/open-output.ts";
import { PatchError } from "../patch-error.ts";
import { performerCommands, performerScope } from "../performer.ts";
import { portLink } from "../recording-link.ts";
import { complete } from "../repl/complete.ts";
import { ReplEvaluator } from "../repl/evaluator.ts";
import { statusLine } from "../status.ts";
import { installBlame } from "./blame.ts";
import { HeartbeatWriter, Phase, PLAYING_BEAT_MS, STANDBY_BEAT_MS } from "./heartbeat.ts";
import type { EngineEvent, EngineInit, FromEngine, RehearsalFailure, ToEngine } from "./protocol.ts";
import { RemoteOutput } from "./remote-output.ts";
import { DirectSender } from "../../output/direct-sender.ts";
import { Standby } from "./standby.ts";
import { CarriedWatch } from "./carried.ts";

type Port = Pick<MessagePort, "postMessage" | "on">;

/**
 * How far behind the standby may follow: the playing engine says how far it has played once it
 * is this many beats ahead of what it last said. Bigger steps cost less (a message and a wake-up
 * each); a takeover tells the standby the stuck tick, and two beats of music take it about a
 * millisecond to catch up, at any tempo.
 */
const COMMIT_EVERY_TICKS = 2 * PPQ;
/** Once the clock runs, the timer beats this often (ms): under the deadlines, for a window awaiting async work. */
const AWAITING_BEAT_MS = 100;
/** The longest a REPL answer waits for the cues its line made to act (ms). */
const MAX_CUE_WAIT_MS = 100;

export async function runEngine(port: Port, init: EngineInit): Promise<void> {
  const post = (m: FromEngine) => port.postMessage(m);
  let lastCommit = 0;
  const heartbeat = new HeartbeatWriter(init.heartbeat, (id, name) => post({ type: "node-id", id, name }));
  watchActing((name) => heartbeat.acting(name));
  // The music beats at every instant; this covers the rests between (well inside any deadline).
  // A standby has no deadline to keep (it only follows): it beats rarely until it takes over.
  let clockBeats = false;
  let beating: NodeJS.Timeout | undefined;
  const beatEvery = (ms: number) => {
    clearInterval(beating);
    beating = setInterval(() => heartbeat.beat(), ms).unref();
  };
  beatEvery(init.role === "standby" ? STANDBY_BEAT_MS : PLAYING_BEAT_MS);

  let nextId = 1;
  const asked = new Map<number, (m: ToEngine) => void>();
  const ask = <T extends ToEngine>(make: (id: number) => EngineEvent): Promise<T> => {
    const id = nextId++;
    return new Promise((resolve) => {
      asked.set(id, resolve as (m: ToEngine) => void);
      post(make(id));
    });
  };

  // Listen first: while the set is loading, the supervisor answers questions (rehearsals,
  // recording ports); what it asks of the engine waits until the engine is there.
  let handle: ((m: ToEngine) => Promise<void>) | undefined;
  const early: ToEngine[] = [];
  port.on("message", (m: ToEngine) => {
    if (m.type === "go") {
      if (remote && m.leadMs !== undefined) remote.leadMs = m.leadMs;
      return void letGo();
    }
    if (m.type === "output-sender") return void remote?.sendDirectly(new DirectSender(m.sender));
    if (m.type === "recording-port" || m.type === "rehearse-reply") {
      asked.get(m.id)?.(m);
      asked.delete(m.id);
      return;
    }
    if (!handle) return void early.push(m);
    void handle(m).catch(report);
  });
  const report = (err: unknown) => post({ type: "warn", text: `engine: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` });

  let letGo = () => {};
  const go = init.waitForGo ? new Promise<void>((resolve) => (letGo = resolve)) : undefined;
  const remote = init.output ? new RemoteOutput(post, init.output.latencyMs, init.output.notes === true, init.output.leadMs ?? 0) : undefined;
  // The supervisor closes the real output; the daemon's close tells where the set ended (its play-out point).
  let endAt: number | undefined;
  const output: OpenOutput | undefined = remote && { link: remote, description: init.output!.description, close: async (until) => void (endAt = until) };
  // What the performer set that the journal does not hold (carried.ts): said once the engine plays.
  let carried: CarriedWatch | undefined;
  const d = await Daemon.start({
    dir: init.dir,
    record: init.record,
    journal: false,
    bpm: init.bpm,
    seed: init.seed,
    beatsPerBar: init.beatsPerBar,
    quantize: init.quantize,
    clock: "realtime",
    claim: false,
    watch: false,
    standby: init.role === "standby",
    port: false,
    ...(output ? { output } : {}),
    ...(init.lookaheadMs !== undefined ? { lookaheadMs: init.lookaheadMs } : {}),
    ...(go ? { go } : {}),
    ...(init.midiIn !== undefined ? { midiIn: init.midiIn } : {}),
    ...(init.clockIn ? { clockIn: true } : {}),
    ...(init.clockOut ? { clockOut: true } : {}),
    ...(init.link ? { link: init.link } : {}),
    onOrigin: (originMs) => post({ type: "origin", originMs }),
    journalSink: { append: (entry) => post({ type: "journal", entry }), close: () => {} },
    recordingLink: (path, fromTick) =>
      portLink(ask<Extract<ToEngine, { type: "recording-port" }>>((id) => ({ type: "recording-open", id, path, fromTick })).then((m) => m.port)),
    rehearsal: async (script, loader, o) => {
      const reply = await ask<Extract<ToEngine, { type: "rehearse-reply" }>>((id) => ({
        type: "rehearse",
        id,
        job: { file: script.file, code: script.code, prelude: loader.preludeCode!, atTick: o.atTick, bpm: o.bpm ?? 120, seed: o.seed ?? 0, beatsPerBar: o.beatsPerBar ?? 4 },
      }));
      if (reply.error) throw rebuild(reply.error);
    },
    played: (tick) => {
      heartbeat.leave();
      if (!clockBeats) {
        // The clock's loop beats now, every window (10 ms). The timer stays only for a window
        // that awaits a node's async work: slower, at a quarter of the wake-ups.
        clockBeats = true;
        beatEvery(AWAITING_BEAT_MS);
      }
      if (tick - lastCommit < COMMIT_EVERY_TICKS) return;
      lastCommit = tick;
      post({ type: "commit", tick });
      carried?.check(); // a mapping learned from a knob, or made by a patch, arrives between lines
    },
    loading: (file) => (file === undefined ? heartbeat.leave() : heartbeat.enter(Phase.Patch)),
    watching: (paths) => post({ type: "watch", paths }),
    reloaded: (r) => post(r ? { type: "reloaded", file: r.file, ok: r.ok, at: r.at.getTime() } : { type: "reloaded-gone" }),
    ready: (loaded) => post({ type: "header", header: journalHeader(loaded.session, loaded.quantize) }),
    say: (text) => post({ type: "say", text }),
    warn: (text) => post({ type: "warn", text }),
  });
  const { system } = d.session;
  system.timeline.onInstant = (tick) => heartbeat.instant(tick);
  installBlame(() => [...d.reloader.scripts(), ...(d.loader.loading ? [d.loader.loading] : [])]);
  const standby = init.role === "standby" ? new Standby(d, init) : undefined;
  // A standby says nothing until it takes over; then it is the playing engine and says them.
  const sayCarried = () => new CarriedWatch(d, (c) => post({ type: "carried", carried: c }));
  if (!standby) carried = sayCarried();

  let evaluating = 0;
  // A standby gets its prelude from the journal: read it when a line runs, not now.
  const evaluator = new ReplEvaluator(() => performerScope(d, d.loader.preludeNow ?? {}), {
    running: (on) => (on ? heartbeat.enter(Phase.Repl, evaluating) : heartbeat.leave()),
    nodes: () => d.patchNodes(),
  });
  const commands = performerCommands(d, () => post({ type: "quit-asked" }));
  // A line's changes are cues that act at the next free instant (the next window, ≤ 10 ms away).
  // Its answer waits for them, so what is asked next (`.show`, a second line) sees them: answered
  // at once, a fast second line could run before they acted. (Not past MAX_CUE_WAIT_MS: a clock
  // that does not run yet must not hold the REPL.)
  const cuesActed = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MAX_CUE_WAIT_MS);
      system.timeline.at(d.set.cues.nextFreeTick, () => (clearTimeout(timer), resolve()), CONTROL_PRIORITY);
    });

  // The prompt of a terminal: nobody reads it on a pipe, so it is not kept up to date there.
  let shown = "";
  if (init.status) {
    const status = setInterval(() => {
      if (standby && !d.journaling) return;
      const line = statusLine(d, init.color);
      if (line !== shown) post({ type: "status", line: (shown = line) });
    }, 50);
    status.unref();
  }

  handle = async (m: ToEngine): Promise<void> => {
    switch (m.type) {
      case "eval": {
        evaluating = m.id;
        const r = await evaluator.evaluate(m.entry, () => d.noteLine(m.entry));
        await cuesActed();
        const reply = r.incomplete ? { incomplete: true } : r.error !== undefined ? { error: r.error } : { shown: inspect(r.value, { colors: m.color, depth: 3, breakLength: 100 }) };
        carried?.check();
        post({ type: "eval", id: m.id, reply });
        return;
      }
      case "command": {
        const command = commands[m.name];
        const out = {
          print: (text: string) => post({ type: "command-output", id: m.id, text, error: false }),
          error: (text: string) => post({ type: "command-output", id: m.id, text, error: true }),
        };
        try {
          if (!command) throw new Error(`unknown command .${m.name}`);
          d.noteLine(`.${m.name}${m.args ? ` ${m.args}` : ""}`);
          heartbeat.enter(Phase.Command, m.id);
          const running = command.run(m.args, out);
          heartbeat.leave();
          await running;
        } catch (err) {
          heartbeat.leave();
          out.error(`.${m.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
        carried?.check();
        post({ type: "command-done", id: m.id });
        return;
      }
      case "complete": {
        const scope = { names: () => evaluator.names(), lookup: (path: string) => evaluator.lookup(path) };
        const [completions, word] = complete(m.line, completionSources(d, scope, () => ["help", ...Object.keys(commands)]));
        post({ type: "complete", id: m.id, completions, word });
        return;
      }
      case "file":
        await d.fileChanged(m.event);
        return;
      case "line":
        d.noteLine(m.line);
        return;
      case "quit":
        await d.quit();
        post({ type: "quit", id: m.id, endTick: system.timeline.now, ...(endAt !== undefined ? { endAt } : {}) });
        return;
      case "follow":
        heartbeat.enter(Phase.Follow);
        await standby?.follow(m.entries, m.commit);
        heartbeat.leave();
        return;
      case "takeover": {
        beatEvery(PLAYING_BEAT_MS);
        clockBeats = false;
        if (!standby) throw new Error("only a standby takes over");
        post({ type: "takeover", id: m.id, ...(await standby.takeOver(m.order, output)) });
        carried = sayCarried();
        carried.check();
        return;
      }
      case "stats-reply":
        remote?.answered(m.id, m.stats, m.error);
        return;
      case "recording-port":
      case "rehearse-reply":
        return; // answered as they arrive
    }
  };
  // (A standby's journal entries keep their order in Standby's own queue.)
  for (const m of early.splice(0)) void handle(m).catch(report);

  post({
    type: "ready",
    commands: Object.fromEntries(Object.entries(commands).map(([name, c]) => [name, c.help])),
    ...(system.realtime?.origin !== undefined ? { originMs: performance.timeOrigin + system.realtime.origin } : {}),
  });
}

function rebuild(f: RehearsalFailure): PatchError {
  return new PatchError(f.summary, f.location, f.phase);
}
