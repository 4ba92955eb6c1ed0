/**
 * The output thread. It sleeps with Atomics.wait until just before the next send, spins the last
 * stretch (the adaptive window), sends the burst, and in between turns its own event loop so port
 * sockets and retry timers run. Nothing on the main thread — esbuild, GC, a composition, the REPL —
 * can delay a send that is already queued here. Its own garbage is collected in the slack between
 * sends (GcPacer), and it counts why any send was late (LateSends).
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { AdaptiveSpin } from "./adaptive-spin.ts";
import { nowMs } from "./clock.ts";
import { OutputEngine } from "./output-engine.ts";
import { FakePort } from "./ports/fake-port.ts";
import { describeSpec } from "./ports/midi-port.ts";
import { openPort } from "./ports/open-port.ts";
import { ReconnectingPort } from "./ports/reconnecting-port.ts";
import { Spinner } from "./spin-wait.ts";
import { exposeMinorGc, GcPacer } from "./gc-pacer.ts";
import { LateSends } from "./late-sends.ts";
import { Senders } from "./senders.ts";
import { CONTROL_SLOTS, DOORBELL, HEARTBEAT, PLANNED_WAKE, RELEASED, type Command, type OutputStats, type Reply, type WorkerConfig } from "./protocol.ts";
import { threadCpuMs, tryRealtimePriority, type PriorityReport } from "./rt-priority.ts";

/** Longest single sleep (ms): the watchdog and the event loop get a turn at least this often. */
const MAX_SLEEP_MS = 10;
/**
 * The event loop (port sockets, retry timers — and V8's deferred GC tasks) turns only when the next
 * send is further away than YIELD_MARGIN_MS, and at most every YIELD_EVERY_MS: a turn usually takes
 * ~0.1 ms but can take several when a GC task runs in it, and nothing there is urgent.
 */
const YIELD_MARGIN_MS = 3;
const YIELD_EVERY_MS = 20;
/** The longest a close waits to play out what the set computed before its end (ms): a guard, not a figure. */
const MAX_PLAY_OUT_MS = 3000;

const { config, inbox } = workerData as { config: WorkerConfig; inbox: MessagePort };
const control = new Int32Array(config.control, 0, CONTROL_SLOTS);
const reply = (r: Reply) => parentPort!.postMessage(r);
const report = (message: string) => reply({ type: "problem", message });

const name = describeSpec(config.port);
const port = new ReconnectingPort(() => openPort(config.port, report), name, { retryMs: config.retryMs, report });
try {
  await port.start();
} catch (err) {
  reply({ type: "failed", message: (err as Error).message });
  process.exit(0);
}
const priority: PriorityReport = tryRealtimePriority(config.realtime);
// A port that places each message at its time itself (the built-in synth) needs no send on the
// dot: the thread sleeps to each send instead of spinning to it, which saves most of its CPU.
const placesItself = (port.leadMs ?? 0) > 0;
const spin = new AdaptiveSpin(placesItself ? { ...config.spin, minMs: 0, maxMs: 0 } : config.spin);
const spinner = new Spinner(control);
const gc = new GcPacer(exposeMinorGc());
const late = new LateSends();
gc.warmUp(nowMs);
const engine = new OutputEngine({ port, latencyMs: config.latencyMs, glideRate: config.glideRate, watchdogMs: config.watchdogMs, report });
const senders = new Senders(
  (at, messages) => engine.enqueue(at, messages, nowMs()),
  () => engine.panic(),
);
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
reply({ type: "ready", priority, port: port.current?.name ?? name, leadMs: port.leadMs ?? 0 });

let closing = false;
/** A close that plays out first: the thread ends once this time (nowMs clock) has sounded. */
let closeAt: number | undefined;
let lastYield = 0;
const flushes: number[] = [];

function stats(): OutputStats {
  const cpu = priority.tid !== undefined ? threadCpuMs(priority.tid) : undefined;
  return {
    ...engine.stats(nowMs()),
    ...gc.stats(),
    late: late.causes,
    spinWindowMs: spin.windowMs,
    spinBudgetMs: spin.budgetMs,
    wakeLatenessMs: spin.latenessQuantile(),
    wakeLatenessMaxMs: spin.latenessMax(),
    priority,
    ...(cpu !== undefined ? { threadCpuMs: cpu } : {}),
    port: port.current?.name ?? name,
    ...(port.current?.audio ? { audio: port.current.audio } : {}),
  };
}

function handle(c: Command): void {
  switch (c.type) {
    case "send":
      senders.sent(c.at);
      return engine.enqueue(c.at, c.messages, nowMs());
    case "adopt":
      return senders.add(c.sender, c.port);
    case "handover": {
      const last = senders.handOver(c.from, c.to);
      return reply({ type: "handed-over", id: c.id, ...(last !== undefined ? { lastSentAt: last } : {}) });
    }
    case "panic":
      engine.panic();
      return;
    case "latency":
      return engine.setLatency(c.now, c.ms);
    case "stats":
      return reply({ type: "stats", id: c.id, stats: stats() });
    case "flush":
      flushes.push(c.id);
      return;
    case "close":
      senders.drain(); // what the senders sent before the close was asked for
      // The set's last notes were computed ahead of their time: they sound before the end, as
      // the recording says they did; then what still sounds is released.
      if (c.until === undefined) closing = true;
      else closeAt = Math.min(engine.soundTime(c.until), nowMs() + MAX_PLAY_OUT_MS);
  }
}

function drainInbox(): void {
  for (let m = receiveMessageOnPort(inbox); m !== undefined; m = receiveMessageOnPort(inbox)) handle(m.message as Command);
  senders.drain();
}

/** If the next send is within the spin window, spin to it and send at once (the inbox and the bookkeeping can wait). */
function spinIfDue(now: number): boolean {
  const due = engine.nextDue();
  if (due === undefined || due - now > spin.windowMs) return false;
  const t = spinner.until(due, nowMs);
  late.sending(due, t, { from: now, overrunMs: spinner.lastOverrunMs });
  engine.runDue(t, nowMs);
  spin.sent(t);
  return true;
}

let sleptForSpin = false;
while (!closing) {
  if (sleptForSpin) {
    // Woken by the clock for the next send: spin and send before reading the inbox, which takes
    // 0.05–1 ms. Nothing in it is due sooner: the main thread wakes the thread early for that.
    sleptForSpin = false;
    spinIfDue(nowMs());
  }
  const bell = Atomics.load(control, DOORBELL);
  drainInbox();
  let now = nowMs();
  const beat = Atomics.load(control, HEARTBEAT);
  if (beat !== 0) engine.beat(config.epochMs + beat); // 0: the main thread has not beaten yet
  engine.checkWatchdog(now);
  const overdue = engine.nextDue();
  // A burst that reached the thread after its time is a late arrival (the latency was too short), not a late send.
  if (overdue !== undefined && overdue <= now && engine.nextReceivedAt()! <= overdue) late.sending(overdue, now);
  if (engine.runDue(now, nowMs) > 0) spin.sent(now);
  while (flushes.length > 0 && engine.pending === 0) reply({ type: "flushed", id: flushes.shift()! });
  if (closeAt !== undefined && now >= closeAt) closing = true; // everything stamped up to the end was due by now: sent
  if (closing) break;

  now = nowMs();
  if (spinIfDue(now)) continue;
  const due = engine.nextDue();
  const slack = due === undefined ? Infinity : due - spin.windowMs - now; // until the next spin starts
  if (gc.maybeCollect(now, slack, nowMs)) continue;
  if (slack > YIELD_MARGIN_MS && now - lastYield >= YIELD_EVERY_MS) {
    await yieldToEventLoop();
    lastYield = nowMs();
  }
  const spinFrom = due === undefined ? Infinity : due - spin.windowMs;
  const wakeAt = Math.min(spinFrom, nowMs() + MAX_SLEEP_MS, closeAt ?? Infinity);
  const sleep = wakeAt - nowMs();
  if (sleep <= 0) continue;
  Atomics.store(control, PLANNED_WAKE, Math.floor(wakeAt - config.epochMs));
  const woke = Atomics.wait(control, DOORBELL, bell, sleep);
  const wokeAt = nowMs(); // one clock read: each one allocates
  late.woke(wokeAt);
  if (woke === "timed-out") {
    spin.record(wokeAt - wakeAt);
    sleptForSpin = wakeAt === spinFrom;
  }
}

engine.close();
Atomics.store(control, RELEASED, 1);
Atomics.notify(control, RELEASED);
const final = stats();
const recorded = port.current instanceof FakePort ? port.current.sent : undefined;
if (port.current?.finish) await port.current.finish();
else port.close();
reply({ type: "closed", stats: final, ...(recorded ? { recorded } : {}) });
