/**
 * An engine's own line into the output thread (the supervised daemon's music does not pass
 * through the main thread), and the hand-over from an engine that ran away to the one that takes
 * over: what the old one sent is not sent twice, and no note-off is lost.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { DirectSender } from "../../src/output/direct-sender.ts";
import { nowMs } from "../../src/output/clock.ts";
import { OutputThread } from "../../src/output/output-thread.ts";
import type { SenderCommand } from "../../src/output/protocol.ts";
import { releasesOnly, Senders } from "../../src/output/senders.ts";

const on = (pitch: number) => [0x90, pitch, 90];
const off = (pitch: number) => [0x80, pitch, 0];

describe("Senders (the output thread's side)", () => {
  const ports: MessagePort[] = [];
  afterEach(() => ports.splice(0).forEach((p) => p.close()));
  function line(): { mine: MessagePort; theirs: MessagePort } {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    return { mine: port1, theirs: port2 };
  }
  const post = (p: MessagePort, c: SenderCommand) => p.postMessage(c);

  it("takes every line's bursts in the order each was sent, and a panic", () => {
    const got: Array<[number, number[][]] | "panic"> = [];
    const s = new Senders((at, m) => got.push([at, m]), () => got.push("panic"));
    const a = line();
    const b = line();
    s.add(1, a.theirs);
    s.add(2, b.theirs);
    post(a.mine, { type: "sends", bursts: [{ at: 10, messages: [on(60)] }, { at: 20, messages: [off(60)] }] });
    post(b.mine, { type: "panic" });
    s.drain();
    expect(got).toEqual([[10, [on(60)]], [20, [off(60)]], "panic"]);
    expect(s.lastSentAt).toBe(20);
    s.drain();
    expect(got).toHaveLength(3); // nothing twice
  });

  it("hands over: reads the old line to its end, then the new one sends only note-offs for times the old one sent for", () => {
    const got: Array<[number, number[][]]> = [];
    const s = new Senders((at, m) => got.push([at, m]), () => {});
    const old = line();
    const next = line();
    s.add(1, old.theirs);
    s.add(2, next.theirs);
    // Sent by the old engine just before it got stuck, not read yet.
    post(old.mine, { type: "sends", bursts: [{ at: 100, messages: [on(60), on(64)] }, { at: 150, messages: [off(60)] }] });
    expect(s.handOver(1, 2)).toBe(150);
    expect(got.map(([at]) => at)).toEqual([100, 150]);
    // The new engine plays again from the instant the old one was stuck in (100 on).
    post(next.mine, {
      type: "sends",
      bursts: [
        { at: 100, messages: [on(60), on(64)] },
        { at: 150, messages: [off(60), on(67)] },
        { at: 200, messages: [off(64), on(72)] },
      ],
    });
    s.drain();
    expect(got.slice(2)).toEqual([
      [150, [off(60)]],
      [200, [off(64), on(72)]],
    ]);
    expect(s.lastSentAt).toBe(200);
    // The old line is closed and forgotten: a later hand-over from it finds nothing to read.
    expect(s.handOver(1, 2)).toBe(200);
  });

  it("counts the main thread's own sends in the last time sent for", () => {
    const s = new Senders(() => {}, () => {});
    expect(s.handOver(1, 2)).toBeUndefined();
    s.sent(42);
    expect(s.handOver(1, 2)).toBe(42);
  });

  it("keeps a note-on of velocity 0 as a release", () => {
    expect(releasesOnly([on(60), [0x90, 61, 0], off(62), [0xb0, 64, 127]])).toEqual([[0x90, 61, 0], off(62)]);
  });
});

describe("a line of its own into the real output thread", () => {
  const open: OutputThread[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  it("plays what a DirectSender sends, with the main thread's own sends, in time order", async () => {
    const out = await OutputThread.start({ port: { kind: "fake" }, latencyMs: 5, realtime: false });
    open.push(out);
    const sender = new DirectSender(out.openSender());
    const t = nowMs();
    sender.sends([{ at: t + 20, messages: [on(64)] }, { at: t + 30, messages: [off(64)] }]);
    out.send(t + 10, [0xc0, 5]);
    await out.flush();
    const r = await out.close();
    expect(r.recorded!.map((m) => m.bytes)).toEqual([[0xc0, 5], on(64), off(64)]);
  });

  it("a panic on the line releases what sounds and drops what waits", async () => {
    const out = await OutputThread.start({ port: { kind: "fake" }, latencyMs: 5, realtime: false });
    open.push(out);
    const sender = new DirectSender(out.openSender());
    const t = nowMs();
    sender.sends([{ at: t, messages: [on(60)] }]);
    await out.flush();
    sender.sends([{ at: t + 60_000, messages: [on(61)] }]);
    sender.panic();
    await out.flush();
    const stats = await out.stats();
    expect(stats.sounding).toBe(0);
    expect(stats.queued).toBe(0);
  });

  it("hands over between two lines: the answer is the last time the old one sent for, and it is not sent twice", async () => {
    const out = await OutputThread.start({ port: { kind: "fake" }, latencyMs: 5, realtime: false });
    open.push(out);
    const [oldLine, nextLine] = [out.openSender(), out.openSender()];
    const old = new DirectSender(oldLine);
    const next = new DirectSender(nextLine);
    const t = nowMs();
    old.sends([{ at: t, messages: [on(60)] }, { at: t + 10, messages: [on(62)] }]);
    expect(await out.handOver(oldLine.id, nextLine.id)).toBe(t + 10);
    next.sends([{ at: t + 10, messages: [on(62), off(60)] }, { at: t + 20, messages: [off(62)] }]);
    await out.flush();
    const r = await out.close();
    expect(r.recorded!.map((m) => m.bytes)).toEqual([on(60), on(62), off(60), off(62)]);
  });
});
