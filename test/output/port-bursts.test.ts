/** A chord is one burst all the way to the port: FluidSynth gets it in one write. */
import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { OutputEngine } from "../../src/output/output-engine.ts";
import { FluidSynthPort } from "../../src/output/ports/fluidsynth-port.ts";
import type { MidiPort } from "../../src/output/ports/midi-port.ts";
import { ReconnectingPort } from "../../src/output/ports/reconnecting-port.ts";

/** A port that logs what it is asked, bursts included. */
function loggingPort(name = "log") {
  const log: string[] = [];
  const port: MidiPort & { log: string[] } = {
    name,
    log,
    send: (b) => void log.push(b.join(" ")),
    startBurst: () => void log.push("["),
    endBurst: () => void log.push("]"),
    close: () => void log.push("close"),
  };
  return port;
}

describe("bursts", () => {
  it("the engine sends each due burst between startBurst and endBurst, and panic's note-offs as one burst", () => {
    const port = loggingPort();
    const engine = new OutputEngine({ port, latencyMs: 0, watchdogMs: 0 });
    engine.enqueue(0, [[0x90, 60, 90], [0x90, 64, 90], [0x90, 67, 90]], 0);
    engine.enqueue(5, [[0x80, 60, 0]], 0);
    engine.runDue(10);
    expect(port.log).toEqual(["[", "144 60 90", "144 64 90", "144 67 90", "]", "[", "128 60 0", "]"]);
    port.log.length = 0;
    engine.panic(); // 64 and 67 still sound
    expect(port.log[0]).toBe("[");
    expect(port.log.at(-1)).toBe("]");
    expect(port.log.filter((l) => l === "[").length).toBe(1);
    expect(port.log).toContain("128 64 0");
    expect(port.log.filter((l) => l.endsWith(" 123 0")).length).toBe(16);
  });

  it("a reconnecting port ends a burst on the port it began on, even if that port was lost in between", async () => {
    const first = loggingPort("a");
    const second = loggingPort("b");
    const ports = [first, second];
    const p = new ReconnectingPort(async () => ports.shift()!, "synth", { report: () => {}, setTimer: () => undefined });
    await p.start();
    p.startBurst();
    p.send([0x90, 60, 1]);
    p.endBurst();
    expect(first.log).toEqual(["[", "144 60 1", "]"]);
    p.startBurst();
    (first as { lost?: string }).lost = "unplugged";
    expect(() => p.send([0x90, 62, 1])).toThrow();
    p.endBurst();
    expect(first.log.slice(3)).toEqual(["[", "close", "]"]);
  });

  it("FluidSynth gets a chord's lines in one write, in order", async () => {
    const chunks: string[] = [];
    let peer: Socket | undefined;
    let accepted!: () => void;
    let received!: () => void;
    const connected = new Promise<void>((r) => (accepted = r));
    const all = new Promise<void>((r) => (received = r));
    const server = createServer((s) => {
      peer = s;
      accepted();
      s.on("data", (d) => {
        chunks.push(d.toString());
        if (chunks.join("").split("\n").length > 3) received();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const synth = await FluidSynthPort.open(port);
    try {
      await connected;
      synth.startBurst();
      synth.send([0x90, 60, 90]);
      synth.send([0x90, 64, 90]);
      synth.send([0x90, 67, 90]);
      synth.endBurst();
      await all;
      expect(chunks).toEqual(["noteon 0 60 90\nnoteon 0 64 90\nnoteon 0 67 90\n"]);
    } finally {
      synth.close();
      peer?.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("a port that places messages itself (the built-in synth)", () => {
  it("gets each burst leadMs before it sounds, with the time it is for", () => {
    const got: Array<{ at: number | undefined; sentAt: number; bytes: string }> = [];
    let now = 0;
    const port: MidiPort = { name: "synth", leadMs: 30, send: (b, at) => void got.push({ at, sentAt: now, bytes: b.join(" ") }), close: () => {} };
    const engine = new OutputEngine({ port, latencyMs: 40, watchdogMs: 0 });
    engine.enqueue(100, [[0x90, 60, 90]], 0); // for 100 + 40 = 140: sent at 110
    expect(engine.nextDue()).toBe(110);
    now = 109;
    engine.runDue(now);
    expect(got).toEqual([]);
    now = 110;
    engine.runDue(now);
    expect(got).toEqual([{ at: 140, sentAt: 110, bytes: "144 60 90" }]);
    // A panic is for now: no time.
    engine.panic();
    expect(got.at(-1)!.at).toBeUndefined();
  });
});
