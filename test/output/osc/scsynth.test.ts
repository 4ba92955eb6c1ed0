/**
 * A real SuperCollider server on loopback executes a bundle from magicbus at the bundle's time.
 * scsynth runs on a JACK server with the dummy driver (no audio hardware), both started here in
 * process groups of their own and ended by id. scsynth knows no synth definitions until one is
 * sent, so the bundle makes a group (`/g_new`), and a probe asks the server's node tree
 * (`/g_queryTree`) every few ms: the group must appear at the bundle's timetag, not when the bundle
 * arrived (200 ms before). `/sync` answered by `/synced` shows the server took every command.
 */
import { createSocket, type Socket } from "node:dgram";
import { afterAll, describe, expect } from "vitest";
import { fromBuffer, toBuffer, type OscMessageInput, type OscPacketOutput } from "osc-min";
import { nowMs } from "../../../src/output/clock.ts";
import { OscOut } from "../../../src/output/osc/osc-out.ts";
import { freeUdpPort, startDummyJack, startPeer, type Peer } from "../../peers.ts";
import { itWith } from "../../programs.ts";

const peers: Peer[] = [];
afterAll(async () => {
  for (const p of peers.reverse()) await p.stop();
});

/** A probe socket that sends to scsynth and keeps every reply with its arrival time. */
async function probe(port: number): Promise<{ socket: Socket; send: (m: OscMessageInput) => void; replies: Array<{ at: number; p: OscPacketOutput }> }> {
  const socket = createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
  const replies: Array<{ at: number; p: OscPacketOutput }> = [];
  socket.on("message", (b) => replies.push({ at: nowMs(), p: fromBuffer(b) }));
  const send = (m: OscMessageInput) => {
    const v = toBuffer(m);
    socket.send(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), port, "127.0.0.1");
  };
  return { socket, send, replies };
}

const int = (value: number) => ({ type: "integer" as const, value });
const address = (p: OscPacketOutput) => (p.oscType === "message" ? p.address : "#bundle");

describe("scsynth on loopback", () => {
  itWith("jackd", "scsynth")("executes a timestamped bundle from magicbus at its time, not on arrival", async () => {
    const server = `magicbus-test-${process.pid}`;
    peers.push(await startDummyJack(server));
    const port = await freeUdpPort();
    const sc = startPeer("scsynth", "scsynth", ["-u", String(port), "-B", "127.0.0.1", "-R", "0", "-l", "1"], { JACK_DEFAULT_SERVER: server });
    peers.push(sc);
    await sc.waitFor(/server ready/, 15_000);

    const p = await probe(port);
    try {
      // it answers /status
      for (let i = 0; i < 50 && !p.replies.some((r) => address(r.p) === "/status.reply"); i++) {
        p.send({ address: "/status" });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(p.replies.map((r) => address(r.p))).toContain("/status.reply");

      const latencyMs = 200;
      const osc = await OscOut.open({ kind: "generic", host: "127.0.0.1", port }, { latencyMs });
      const at = nowMs();
      osc.bundle(at, [{ address: "/g_new", args: [int(1000), int(0), int(0)] }]);
      const due = at + latencyMs;
      // Ask for the root group's children every 2 ms until well after the bundle's time. Replies
      // come back in the order asked (one server, loopback): the i-th answers the i-th question.
      p.replies.length = 0;
      const asked: number[] = [];
      while (nowMs() < due + 60) {
        asked.push(nowMs());
        p.send({ address: "/g_queryTree", args: [int(0), int(0)] });
        await new Promise((r) => setTimeout(r, 2));
      }
      p.send({ address: "/sync", args: [int(7)] });
      await new Promise((r) => setTimeout(r, 100));
      await osc.close();

      const trees = p.replies.filter((r) => address(r.p) === "/g_queryTree.reply");
      expect(trees).toHaveLength(asked.length);
      const children = (r: (typeof trees)[number]) => (r.p.oscType === "message" ? (r.p.args[2] as { value: number }).value : -1);
      // The group was made after every question answered "none" was asked, and before the first
      // "there it is" answer arrived: that brackets when scsynth ran the bundle, whatever the load.
      const first = trees.findIndex((r) => children(r) === 1);
      expect(first, sc.out).toBeGreaterThan(0);
      const madeAfter = asked[first - 1]!;
      const madeBefore = trees[first]!.at;
      expect(trees.slice(first).every((r) => children(r) === 1)).toBe(true);
      if (process.env.SHOW) console.log(`made between ${(madeAfter - due).toFixed(2)} and ${(madeBefore - due).toFixed(2)} ms from the timetag`);
      // Not on arrival, 200 ms early: within a block or two of its time (scsynth runs in blocks of
      // 256 frames, 5.3 ms, here). The upper bound is loose: a reply can reach a busy test late.
      expect(madeAfter).toBeGreaterThan(due - 12);
      expect(madeBefore).toBeLessThan(due + 100);
      expect(p.replies.some((r) => r.p.oscType === "message" && r.p.address === "/synced" && (r.p.args[0] as { value: number }).value === 7)).toBe(true);
    } finally {
      await new Promise<void>((r) => p.socket.close(() => r()));
    }
  }, 30_000);
});
