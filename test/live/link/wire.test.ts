/**
 * Link's messages, checked against bytes the SDK's own LinkHut sent (captured inside a network
 * namespace): we read them as it meant them, and what we write is laid out byte for byte the same.
 */
import { describe, expect, it } from "vitest";
import { ALIVE, decodeMeasurement, decodePeerState, encodePeerState, encodePing, encodePong, newNodeId, PING, PONG } from "../../../src/live/link/wire.ts";

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ""), "hex");
// LinkHut's alive: 120 bpm, alone in its session (session id = its node id), stopped, measured at 127.0.0.1:58948
const linkHutAlive = Buffer.concat([
  Buffer.from("_asdp_v\x01", "latin1"),
  hex("01 05 0000 466d212e4350235f"),
  Buffer.from("tmln", "latin1"), hex("00000018 000000000007a120 00000000000f57dc 0000000000000000"),
  Buffer.from("sess", "latin1"), hex("00000008 466d212e4350235f"),
  Buffer.from("stst", "latin1"), hex("00000011 00 0000000000000000 0000000000000000"),
  Buffer.from("mep4", "latin1"), hex("00000006 7f000001 e644"),
]);
// LinkHut's pong to our ping: its session, its ghost time, our host time back
const linkHutPong = Buffer.concat([
  Buffer.from("_link_v\x01", "latin1"),
  hex("02"),
  Buffer.from("sess", "latin1"), hex("00000008 7c45275d787e455d"),
  Buffer.from("__gt", "latin1"), hex("00000008 000000000003f702"),
  Buffer.from("__ht", "latin1"), hex("00000008 0000000000039a57"),
]);

describe("Link wire format", () => {
  it("reads LinkHut's alive", () => {
    const s = decodePeerState(linkHutAlive)!;
    expect(s.type).toBe(ALIVE);
    expect(s.ttl).toBe(5);
    expect(Buffer.from(s.nodeId, "latin1").toString("hex")).toBe("466d212e4350235f");
    expect(s.sessionId).toBe(s.nodeId);
    expect(s.timeline).toEqual({ microsPerBeat: 500_000, beatOrigin: 0xf57dc, timeOrigin: 0 });
    expect(s.startStop).toEqual({ playing: false, beats: 0, timestamp: 0 });
    expect(s.endpoint).toEqual({ address: "127.0.0.1", port: 58948 });
  });

  it("writes the same bytes LinkHut wrote", () => {
    expect(encodePeerState(decodePeerState(linkHutAlive)!).equals(linkHutAlive)).toBe(true);
  });

  it("reads LinkHut's pong; a pong echoes the ping's entries", () => {
    const m = decodeMeasurement(linkHutPong)!;
    expect(m.type).toBe(PONG);
    expect(Buffer.from(m.sessionId!, "latin1").toString("hex")).toBe("7c45275d787e455d");
    expect(m.ghostTime).toBe(0x3f702);
    expect(m.hostTime).toBe(0x39a57);
    const ping = decodeMeasurement(encodePing(0x39a57))!;
    expect(ping.type).toBe(PING);
    const pong = encodePong(m.sessionId!, 0x3f702, ping.entries);
    expect(pong.equals(linkHutPong)).toBe(true);
  });

  it("refuses what is not Link: another protocol, a truncated entry", () => {
    expect(decodePeerState(Buffer.from("hello world, this is not link"))).toBeUndefined();
    expect(decodePeerState(linkHutAlive.subarray(0, linkHutAlive.length - 3))).toBeUndefined();
    expect(decodeMeasurement(linkHutAlive)).toBeUndefined();
    expect(decodePeerState(linkHutPong)).toBeUndefined();
  });

  it("node ids are 8 printable characters", () => {
    let i = 0;
    const id = newNodeId(() => (i++ % 10) / 10);
    expect(id).toHaveLength(8);
    expect(/^[!-~]{8}$/.test(id)).toBe(true);
  });
});
