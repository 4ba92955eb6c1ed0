/**
 * The real output thread (a worker booted through tsx). These tests check what it sends and in what
 * order, never how punctually: timing precision is the benchmark's business (npm run bench -- timing).
 */
import { afterEach, describe, expect, it } from "vitest";
import { nowMs } from "../../src/output/clock.ts";
import { MidiMessageError } from "../../src/output/midi-bytes.ts";
import { OutputThread, type OutputThreadOptions } from "../../src/output/output-thread.ts";

const open: OutputThread[] = [];
async function start(o: Partial<OutputThreadOptions> = {}) {
  const problems: string[] = [];
  const out = await OutputThread.start({ port: { kind: "fake" }, latencyMs: 5, realtime: false, onProblem: (m) => problems.push(m), ...o });
  open.push(out);
  return { out, problems };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const bytesOf = (r: { recorded?: { bytes: number[] }[] }) => r.recorded!.map((m) => m.bytes);

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("OutputThread", () => {
  it("starts a worker, opens the port in it and says which scheduling it got", async () => {
    const { out } = await start({ realtime: 10 });
    expect(out.portName).toBe("fake");
    expect(out.priority.policy).toMatch(/^(SCHED_FIFO 10|normal)$/);
    if (out.priority.policy === "normal") expect(out.priority.reason).toBeTruthy();
  });

  it("sends in stamp order whatever the order of the calls; a chord goes out as one burst, lowest note first", async () => {
    const { out } = await start();
    const t = nowMs();
    out.send(t + 30, [0x80, 60, 0]);
    out.sendMany(t + 20, [[0x90, 67, 90], [0x90, 60, 90], [0x90, 64, 90]]);
    out.send(t + 10, [0xc0, 5]);
    out.send(t + 20, [0x90, 72, 90]); // same time, later call: after the chord
    await out.flush();
    const r = await out.close();
    expect(bytesOf(r).slice(0, 6)).toEqual([[0xc0, 5], [0x90, 60, 90], [0x90, 64, 90], [0x90, 67, 90], [0x90, 72, 90], [0x80, 60, 0]]);
    // close released what still sounded (64, 67, 72), and nothing else
    expect(bytesOf(r).slice(6)).toEqual([[0x80, 64, 0], [0x80, 67, 0], [0x80, 72, 0]]);
    expect(r.stats.sent).toBe(9);
    expect(r.stats.sounding).toBe(0);
  });

  it("refuses malformed bytes at the call, saying what is wrong, and sends nothing of that burst", async () => {
    const { out } = await start();
    const t = nowMs();
    expect(() => out.send(t, [0x90, 60, 128])).toThrow(MidiMessageError);
    expect(() => out.send(t, [0x90, 60])).toThrow("note on ch 1 takes 3 bytes, got 2");
    expect(() => out.send(t, [60, 100, 1])).toThrow("is not a status byte");
    expect(() => out.sendMany(t, [[0x90, 60, 1], [0x90, 61, 999]])).toThrow("(message 1 of 2): byte 2 is 999");
    expect(() => out.send(Number.NaN, [0x90, 60, 1])).toThrow("send time must be a finite nowMs() time");
    await out.flush();
    expect((await out.close()).recorded).toEqual([]);
  });

  it("panic: note-off for every sounding note, All Notes Off on all 16 channels, pending notes dropped", async () => {
    const { out } = await start({ latencyMs: 0 });
    const t = nowMs();
    out.sendMany(t, [[0x90, 60, 1], [0x95, 64, 1]]);
    out.send(t + 60_000, [0x90, 72, 1]);
    await until(async () => (await out.stats()).sounding === 2, "two notes sounding");
    out.panic();
    const s = await out.stats(); // answered after the panic: commands are handled in order
    expect([s.sounding, s.queued]).toEqual([0, 0]);
    const r = await out.close();
    expect(bytesOf(r).slice(2)).toEqual([[0x80, 60, 0], [0x85, 64, 0], ...Array.from({ length: 16 }, (_, ch) => [0xb0 | ch, 123, 0])]);
  });

  it("watchdog: when the main thread stops beating, all notes off; when it beats again, output resumes", async () => {
    const { out, problems } = await start({ latencyMs: 0, watchdogMs: 60, heartbeat: "manual" });
    out.beat();
    out.send(nowMs(), [0x90, 60, 1]);
    await until(async () => (await out.stats()).stalled, "the watchdog to trip"); // we stop beating here
    expect(problems.join("\n")).toMatch(/main thread silent for \d+ ms \(watchdog 60 ms\): all notes off \(1 released\)/);
    out.beat();
    await until(async () => !(await out.stats()).stalled, "output to resume");
    expect(problems.join("\n")).toContain("main thread is back; output resumed");
    out.beat();
    out.send(nowMs(), [0x90, 62, 1]);
    await out.flush();
    const r = await out.close();
    const b = bytesOf(r);
    expect(b.slice(0, 3)).toEqual([[0x90, 60, 1], [0x80, 60, 0], [0xb0, 123, 0]]);
    expect(b.slice(18)).toEqual([[0x90, 62, 1], [0x80, 62, 0]]); // played after resuming, released by close
    expect(r.stats.watchdogTrips).toBe(1);
  });

  it("beats from the caller: the thread's own timer stops (silence trips the watchdog) and starts again when given back", async () => {
    const { out, problems } = await start({ latencyMs: 0, watchdogMs: 60 });
    out.beatsFromCaller(true); // and the caller does not beat
    await until(async () => (await out.stats()).stalled, "the watchdog to trip");
    expect(problems.join("\n")).toMatch(/main thread silent for \d+ ms \(watchdog 60 ms\)/);
    out.beatsFromCaller(false);
    await until(async () => !(await out.stats()).stalled, "the own timer to beat again");
    await out.close();
  });

  it("setLatency: validated, and glides to the new value", async () => {
    const { out } = await start({ latencyMs: 20, glideRate: 0.5 });
    expect(() => out.setLatency(-3)).toThrow("latency must be a number of ms from 0 to 1000, got -3");
    out.setLatency(30);
    expect(out.latencyMs).toBe(30);
    await until(async () => (await out.stats()).latencyMs === 30, "the glide to end");
    expect((await out.stats()).latencyTargetMs).toBe(30);
  });

  it("a port that cannot open makes start() reject with a one-line reason", async () => {
    await expect(OutputThread.start({ port: { kind: "rtmidi", select: "/^no such port$/" }, realtime: false })).rejects.toThrow(/^[^\n]+$/);
  });

  it("refuses an out-of-range latency or glide rate before starting anything", async () => {
    await expect(OutputThread.start({ port: { kind: "fake" }, latencyMs: 5000 })).rejects.toThrow(RangeError);
    await expect(OutputThread.start({ port: { kind: "fake" }, glideRate: 2 })).rejects.toThrow("glide rate must be between 0 and 1");
  });

  it("after close, sending is an error", async () => {
    const { out } = await start();
    await out.close();
    expect(() => out.send(nowMs(), [0x90, 60, 1])).toThrow("output thread is closed");
  });

  it("close(until) plays out what is stamped up to the set's end, then releases; what lies beyond is dropped", async () => {
    const { out } = await start();
    const t = nowMs() + 60; // the set's last notes, computed ahead of their time
    out.send(t, [0x90, 60, 90]);
    out.send(t + 20, [0x90, 62, 90]); // the end
    out.send(t + 40, [0x90, 64, 90]); // after the end (a note-off the sink planned, say): never sent
    const r = await out.close(t + 20);
    expect(bytesOf(r)).toEqual([[0x90, 60, 90], [0x90, 62, 90], [0x80, 60, 0], [0x80, 62, 0]]);
    // The end had sounded (stamp + latency) by the time the thread released the notes.
    expect(r.recorded!.at(-1)!.time).toBeGreaterThanOrEqual(t + 20 + 5);
  });

  it("close() without an end drops what is pending", async () => {
    const { out } = await start();
    out.send(nowMs() + 500, [0x90, 60, 90]);
    expect(bytesOf(await out.close())).toEqual([]);
  });
});

describe("OutputThread at process exit", () => {
  it("releases every sounding note when the process exits without close()", async () => {
    const { spawnSync } = await import("node:child_process");
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "magicbus-exit-"));
    try {
      const log = join(dir, "sent.log");
      const fixture = new URL("./fixtures/exit-without-close.ts", import.meta.url).pathname;
      const r = spawnSync(process.execPath, ["--import", "tsx", fixture, log], { encoding: "utf8", timeout: 15_000 });
      expect(r.status, r.stderr).toBe(0);
      const lines = readFileSync(log, "utf8").trim().split("\n").map((l) => l.split(" ").slice(1).join(" "));
      expect(lines).toEqual(["144 60 100", "145 64 100", "128 60 0", "129 64 0"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
