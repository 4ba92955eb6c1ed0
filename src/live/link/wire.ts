/**
 * Ableton Link's messages on the wire, as publicly described and as checked here against the SDK's
 * own LinkHut (docs/together.md): every integer big-endian.
 *
 * - Discovery (UDP multicast 224.76.78.75:20808): `_asdp_v` + version 1, then a header — message
 *   type (1 alive, 2 response, 3 bye-bye), time-to-live in seconds, group (0), the sender's 8-byte
 *   node id — then entries. An entry is a 4-character key, a 32-bit size and the value:
 *   `tmln` (µs per beat, beat origin in µbeats, time origin in ghost µs: 3 × int64), `sess` (the
 *   session id: 8 bytes), `stst` (start/stop: playing as 1 byte, µbeats, ghost µs), `mep4` (where
 *   to measure: IPv4 address, then port).
 * - Measurement (unicast to a peer's `mep4`): `_link_v` + version 1, the type (1 ping, 2 pong) as
 *   one byte, then entries: a ping carries `__ht` (the sender's host time, µs); a pong carries
 *   `sess`, `__gt` (the responder's ghost time, µs) and the ping's entries back.
 */

export const MULTICAST_ADDRESS = "224.76.78.75";
export const DISCOVERY_PORT = 20808;
export const TTL_SECONDS = 5;

export const ALIVE = 1;
export const RESPONSE = 2;
export const BYEBYE = 3;
export const PING = 1;
export const PONG = 2;

const DISCOVERY = Buffer.from("_asdp_v\x01", "latin1");
const MEASUREMENT = Buffer.from("_link_v\x01", "latin1");

/** A Link timeline: beats(ghost) = beatOrigin + (ghost − timeOrigin) / microsPerBeat (µbeats and µs). */
export interface Timeline {
  microsPerBeat: number;
  beatOrigin: number;
  timeOrigin: number;
}

export interface StartStop {
  playing: boolean;
  beats: number;
  timestamp: number;
}

/** What a peer says about itself in an alive or a response. */
export interface PeerState {
  type: number;
  ttl: number;
  nodeId: string;
  sessionId?: string;
  timeline?: Timeline;
  startStop?: StartStop;
  endpoint?: { address: string; port: number };
}

export interface Measurement {
  type: number;
  sessionId?: string;
  ghostTime?: number;
  hostTime?: number;
  /** The entries after the type, as they came (a pong echoes a ping's). */
  entries: Buffer;
}

/** Ids are 8 bytes; we keep them as latin1 strings (they compare byte by byte, as the SDK compares them). */
export function idBytes(id: string): Buffer {
  const b = Buffer.from(id, "latin1");
  if (b.length !== 8) throw new RangeError(`a Link id is 8 bytes, got ${b.length}`);
  return b;
}

/** A fresh node id: 8 printable characters. */
export function newNodeId(random: () => number = Math.random): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += String.fromCharCode(33 + Math.floor(random() * 94));
  return s;
}

function entry(key: string, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(key, 0, "latin1");
  head.writeUInt32BE(value.length, 4);
  return Buffer.concat([head, value]);
}

function int64(...values: number[]): Buffer {
  const b = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => b.writeBigInt64BE(BigInt(Math.round(v)), 8 * i));
  return b;
}

export function encodePeerState(s: PeerState): Buffer {
  const head = Buffer.alloc(12);
  head[0] = s.type;
  head[1] = s.ttl;
  head.writeUInt16BE(0, 2);
  idBytes(s.nodeId).copy(head, 4);
  const parts: Buffer[] = [DISCOVERY, head];
  if (s.timeline) parts.push(entry("tmln", int64(s.timeline.microsPerBeat, s.timeline.beatOrigin, s.timeline.timeOrigin)));
  if (s.sessionId) parts.push(entry("sess", idBytes(s.sessionId)));
  if (s.startStop) parts.push(entry("stst", Buffer.concat([Buffer.from([s.startStop.playing ? 1 : 0]), int64(s.startStop.beats, s.startStop.timestamp)])));
  if (s.endpoint) {
    const ep = Buffer.alloc(6);
    s.endpoint.address.split(".").forEach((octet, i) => (ep[i] = Number(octet)));
    ep.writeUInt16BE(s.endpoint.port, 4);
    parts.push(entry("mep4", ep));
  }
  return Buffer.concat(parts);
}

/** The entries of a payload, by key (unknown keys are kept and skipped by the caller). */
function entries(b: Buffer, from: number): Map<string, Buffer> | undefined {
  const out = new Map<string, Buffer>();
  let o = from;
  while (o + 8 <= b.length) {
    const key = b.toString("latin1", o, o + 4);
    const size = b.readUInt32BE(o + 4);
    if (o + 8 + size > b.length) return undefined; // truncated: not a message we can trust
    out.set(key, b.subarray(o + 8, o + 8 + size));
    o += 8 + size;
  }
  return out;
}

const i64 = (b: Buffer, at: number) => Number(b.readBigInt64BE(at));

/** A discovery message, or undefined if the bytes are not one. */
export function decodePeerState(b: Buffer): PeerState | undefined {
  if (b.length < 20 || !b.subarray(0, 8).equals(DISCOVERY)) return undefined;
  const e = entries(b, 20);
  if (!e) return undefined;
  const s: PeerState = { type: b[8]!, ttl: b[9]!, nodeId: b.toString("latin1", 12, 20) };
  const tl = e.get("tmln");
  if (tl && tl.length >= 24) s.timeline = { microsPerBeat: i64(tl, 0), beatOrigin: i64(tl, 8), timeOrigin: i64(tl, 16) };
  const sess = e.get("sess");
  if (sess && sess.length === 8) s.sessionId = sess.toString("latin1");
  const st = e.get("stst");
  if (st && st.length >= 17) s.startStop = { playing: st[0] !== 0, beats: i64(st, 1), timestamp: i64(st, 9) };
  const ep = e.get("mep4");
  if (ep && ep.length >= 6) s.endpoint = { address: [...ep.subarray(0, 4)].join("."), port: ep.readUInt16BE(4) };
  return s;
}

export function encodePing(hostTime: number): Buffer {
  return Buffer.concat([MEASUREMENT, Buffer.from([PING]), entry("__ht", int64(hostTime))]);
}

export function encodePong(sessionId: string, ghostTime: number, pingEntries: Buffer): Buffer {
  return Buffer.concat([MEASUREMENT, Buffer.from([PONG]), entry("sess", idBytes(sessionId)), entry("__gt", int64(ghostTime)), pingEntries]);
}

export function decodeMeasurement(b: Buffer): Measurement | undefined {
  if (b.length < 9 || !b.subarray(0, 8).equals(MEASUREMENT)) return undefined;
  const raw = b.subarray(9);
  const e = entries(b, 9);
  if (!e) return undefined;
  const m: Measurement = { type: b[8]!, entries: raw };
  const sess = e.get("sess");
  if (sess && sess.length === 8) m.sessionId = sess.toString("latin1");
  const gt = e.get("__gt");
  if (gt && gt.length === 8) m.ghostTime = i64(gt, 0);
  const ht = e.get("__ht");
  if (ht && ht.length === 8) m.hostTime = i64(ht, 0);
  return m;
}
