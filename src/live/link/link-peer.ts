/**
 * A peer of an Ableton Link session, in TypeScript (docs/together.md says why not the SDK).
 *
 * - **Discovery**: every 250 ms (and at once after a change) an `alive` goes to the multicast group
 *   on each IPv4 interface, with our timeline, session, start/stop state and where to measure us;
 *   a peer heard for the first time gets a `response`; a peer silent for its TTL is gone; leaving
 *   sends `bye-bye`.
 * - **Sessions**: we found a session of our own (its ghost time starts at 0 now). A peer in another
 *   session is measured (ping/pong: its ghost time against our clock); if its session is older (or
 *   as old with a smaller id) we join it: its id, its ghost time, its timeline.
 * - **Timeline**: within a session, the timeline with the later beat origin is the newer change
 *   and replaces ours; our own tempo change is a new timeline that keeps the session's beat.
 * - **Measurement responder**: a ping to our endpoint gets a pong with our session and ghost time.
 *
 * The sockets open only in start(): nothing goes to the network unless the performer asked for Link.
 */
import { createSocket, type Socket } from "node:dgram";
import { networkInterfaces } from "node:os";
import { nowMs } from "../../output/clock.ts";
import { Measurer } from "./measure.ts";
import { beatsAt, isNewer, theirSessionWins, timelineAt, withTempo } from "./timeline.ts";
import {
  ALIVE, BYEBYE, decodeMeasurement, decodePeerState, DISCOVERY_PORT, encodePeerState, encodePong, MULTICAST_ADDRESS, newNodeId,
  PING, PONG, RESPONSE, TTL_SECONDS, type PeerState, type StartStop, type Timeline,
} from "./wire.ts";

const BROADCAST_EVERY_MS = 250;
const MIN_GAP_MS = 50;
/** A joined session is measured again this often (clocks of two machines drift apart). */
const REMEASURE_EVERY_MS = 30_000;

export interface LinkPeerOptions {
  bpm: number;
  /** Our beat at a host time (µs): the new session's timeline starts in phase with us. */
  beatsAt: (hostUs: number) => number;
  /** IPv4 addresses to speak on (default: every IPv4 interface, loopback included). */
  interfaces?: string[];
  /** The session's timeline changed: we joined another session, or a peer changed the tempo. */
  onTimeline?: (tl: Timeline, why: "joined" | "changed") => void;
  /** The number of other peers in our session changed. */
  onPeers?: (count: number) => void;
  /**
   * Start/stop sync: the session's start/stop state is ours (we adopt the newest, tell ours). Off,
   * we say "stopped, long ago", which never stops anyone, and ignore theirs.
   */
  startStopSync?: boolean;
  /** The session started or stopped (with start/stop sync). */
  onStartStop?: (s: StartStop) => void;
  report?: (message: string) => void;
}

interface KnownPeer {
  state: PeerState;
  lastSeen: number;
  socket: Gateway;
}

/** One interface: a socket for our alives, the answers to them, and measurement both ways. */
interface Gateway {
  address: string;
  socket: Socket;
  port: number;
}

/** The host clock: µs on the output clock (the same on every thread). */
export const hostUs = (): number => nowMs() * 1000;

export class LinkPeer {
  readonly nodeId = newNodeId();
  sessionId: string;
  timeline: Timeline;
  /** ghost = host + intercept (µs). */
  intercept: number;
  startStop: StartStop = { playing: false, beats: 0, timestamp: 0 };
  private readonly peers = new Map<string, KnownPeer>();
  private readonly measurers = new Map<string, Measurer>();
  private readonly lastMeasured = new Map<string, number>();
  private lastBroadcast = 0;
  private broadcastSoon: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastCount = 0;
  private closed = false;
  private readonly report: (m: string) => void;

  private constructor(
    private readonly o: LinkPeerOptions,
    private readonly gateways: Gateway[],
    private readonly listener: Socket,
  ) {
    const now = hostUs();
    this.intercept = -now; // our session's ghost time starts at 0, now
    this.sessionId = this.nodeId;
    this.timeline = timelineAt(o.bpm, o.beatsAt(now), 0);
    if (o.startStopSync) this.startStop = { playing: true, beats: Math.round(o.beatsAt(now) * 1e6), timestamp: 0 };
    this.report = o.report ?? (() => {});
  }

  static async start(o: LinkPeerOptions): Promise<LinkPeer> {
    const addresses = o.interfaces ?? ipv4Interfaces();
    if (addresses.length === 0) throw new Error("Link: no IPv4 network interface to join a session on");
    const gateways: Gateway[] = [];
    for (const address of addresses) {
      const socket = createSocket({ type: "udp4" });
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(0, address, () => {
          socket.off("error", reject);
          resolve();
        });
      });
      socket.setMulticastInterface(address);
      socket.setMulticastLoopback(true);
      gateways.push({ address, socket, port: socket.address().port });
    }
    const listener = createSocket({ type: "udp4", reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      listener.once("error", reject);
      listener.bind(DISCOVERY_PORT, () => {
        listener.off("error", reject);
        resolve();
      });
    });
    for (const g of gateways) listener.addMembership(MULTICAST_ADDRESS, g.address);
    const peer = new LinkPeer(o, gateways, listener);
    listener.on("message", (b, from) => peer.heardDiscovery(b, from, undefined));
    for (const g of gateways) g.socket.on("message", (b, from) => peer.heardUnicast(b, from, g));
    for (const s of [listener, ...gateways.map((g) => g.socket)]) s.on("error", (err) => peer.report(`Link: ${err.message}`));
    peer.timer = setInterval(() => peer.housekeeping(), BROADCAST_EVERY_MS);
    peer.broadcast();
    return peer;
  }

  /** The session's ghost time (µs) at a host time. */
  ghost(host: number): number {
    return host + this.intercept;
  }

  /** Whether a session is being measured (a join may follow). */
  get measuring(): boolean {
    return this.measurers.size > 0;
  }

  /** Peers heard in sessions other than ours (they will be measured, and we may join them). */
  get foreignPeers(): number {
    let n = 0;
    for (const p of this.peers.values()) if (p.state.sessionId !== undefined && p.state.sessionId !== this.sessionId) n++;
    return n;
  }

  /** Peers in our session, besides us. */
  get peerCount(): number {
    let n = 0;
    for (const p of this.peers.values()) if (p.state.sessionId === this.sessionId) n++;
    return n;
  }

  /** We change the tempo, from host time `atHostUs` on: the session's beat goes on where it was. */
  setTempo(bpm: number, atHostUs: number): void {
    this.timeline = withTempo(this.timeline, bpm, this.ghost(atHostUs));
    this.broadcastNow();
  }

  /** Start or stop the session (start/stop sync), from host time `atHostUs`: at the session's beat then. */
  setPlaying(playing: boolean, atHostUs: number): void {
    const ghost = this.ghost(atHostUs);
    this.startStop = { playing, beats: Math.round(beatsAt(this.timeline, ghost) * 1e6), timestamp: Math.round(ghost) };
    this.broadcastNow();
  }

  /** Take the session's start/stop state if it is newer than ours. */
  private sawStartStop(s: StartStop | undefined): void {
    if (!this.o.startStopSync || !s || s.timestamp <= this.startStop.timestamp) return;
    const changed = s.playing !== this.startStop.playing;
    this.startStop = s;
    if (changed) this.o.onStartStop?.(s);
  }

  /** Alone in a session of our own: start its timeline again at `bpm`, with beat `beats` at `host`. */
  refound(bpm: number, beats: number, host: number): void {
    if (this.sessionId !== this.nodeId || this.peerCount > 0) return;
    this.timeline = timelineAt(bpm, beats, this.ghost(host));
    this.broadcastNow();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.broadcastSoon);
    for (const m of this.measurers.values()) m.cancel();
    for (const g of this.gateways) this.sendTo(g, encodePeerState({ type: BYEBYE, ttl: TTL_SECONDS, nodeId: this.nodeId }), MULTICAST_ADDRESS, DISCOVERY_PORT);
    await new Promise((r) => setTimeout(r, 20)); // let the bye-bye leave before the sockets close
    for (const s of [this.listener, ...this.gateways.map((g) => g.socket)]) await new Promise<void>((r) => s.close(() => r()));
  }

  private state(type: number, g: Gateway): Buffer {
    return encodePeerState({
      type,
      ttl: TTL_SECONDS,
      nodeId: this.nodeId,
      sessionId: this.sessionId,
      timeline: this.timeline,
      startStop: this.startStop,
      endpoint: { address: g.address, port: g.port },
    });
  }

  private broadcast(): void {
    if (this.closed) return;
    this.lastBroadcast = Date.now();
    for (const g of this.gateways) this.sendTo(g, this.state(ALIVE, g), MULTICAST_ADDRESS, DISCOVERY_PORT);
  }

  /** Tell the peers at once (but not more often than every MIN_GAP_MS). */
  private broadcastNow(): void {
    const wait = this.lastBroadcast + MIN_GAP_MS - Date.now();
    if (wait <= 0) return this.broadcast();
    if (!this.broadcastSoon) {
      this.broadcastSoon = setTimeout(() => {
        this.broadcastSoon = undefined;
        this.broadcast();
      }, wait);
    }
  }

  private sendTo(g: Gateway, b: Buffer, address: string, port: number): void {
    g.socket.send(b, port, address, (err) => err && !this.closed && this.report(`Link: ${err.message}`));
  }

  private housekeeping(): void {
    const now = Date.now();
    for (const [id, p] of this.peers) if (now - p.lastSeen > p.state.ttl * 1000) this.peers.delete(id);
    this.countChanged();
    // Our session's ghost time drifts against our clock if it lives on another machine: measure again now and then.
    if (this.sessionId !== this.nodeId) {
      const member = [...this.peers.values()].find((p) => p.state.sessionId === this.sessionId);
      if (member && now - (this.lastMeasured.get(this.sessionId) ?? 0) > REMEASURE_EVERY_MS) this.measure(member);
    }
    this.broadcast();
  }

  private countChanged(): void {
    const n = this.peerCount;
    if (n === this.lastCount) return;
    this.lastCount = n;
    this.o.onPeers?.(n);
  }

  private heardUnicast(b: Buffer, from: { address: string; port: number }, g: Gateway): void {
    const m = decodeMeasurement(b);
    if (!m) return this.heardDiscovery(b, from, g);
    if (m.type === PING) {
      this.sendTo(g, encodePong(this.sessionId, this.ghost(hostUs()), m.entries), from.address, from.port);
    } else if (m.type === PONG && m.sessionId !== undefined) {
      this.measurers.get(m.sessionId)?.pong(m, hostUs());
    }
  }

  private heardDiscovery(b: Buffer, from: { address: string; port: number }, via: Gateway | undefined): void {
    const s = decodePeerState(b);
    if (!s || s.nodeId === this.nodeId) return;
    if (s.type === BYEBYE) {
      this.peers.delete(s.nodeId);
      return this.countChanged();
    }
    if (s.type !== ALIVE && s.type !== RESPONSE) return;
    const g = via ?? this.gatewayFor(from.address);
    const known = this.peers.get(s.nodeId);
    this.peers.set(s.nodeId, { state: s, lastSeen: Date.now(), socket: g });
    if (!known && s.type === ALIVE) this.sendTo(g, this.state(RESPONSE, g), from.address, from.port);
    this.countChanged();
    if (!s.sessionId || !s.timeline) return;
    if (s.sessionId === this.sessionId) {
      if (isNewer(s.timeline, this.timeline)) {
        this.timeline = s.timeline;
        this.o.onTimeline?.(s.timeline, "changed");
      }
      this.sawStartStop(s.startStop);
      return;
    }
    const member = this.peers.get(s.nodeId)!;
    if (Date.now() - (this.lastMeasured.get(s.sessionId) ?? 0) > 2000) this.measure(member);
  }

  /** The gateway whose interface reaches `address` (same subnet is not known here: the first, or loopback for loopback). */
  private gatewayFor(address: string): Gateway {
    return this.gateways.find((g) => g.address === address) ?? this.gateways.find((g) => !g.address.startsWith("127.")) ?? this.gateways[0]!;
  }

  private measure(p: KnownPeer): void {
    const session = p.state.sessionId;
    const ep = p.state.endpoint;
    if (!session || !ep || this.measurers.has(session) || this.closed) return;
    this.lastMeasured.set(session, Date.now());
    const m = new Measurer((b) => this.sendTo(p.socket, b, ep.address, ep.port), hostUs);
    this.measurers.set(session, m);
    void m.run().then((offset) => {
      this.measurers.delete(session);
      this.lastMeasured.set(session, Date.now());
      if (offset === undefined || this.closed) return;
      this.measured(session, offset);
    });
  }

  /** Their ghost time is host + `offset`: join their session if it wins, or correct ours. */
  private measured(session: string, offset: number): void {
    if (session === this.sessionId) {
      this.intercept = offset;
      return;
    }
    const now = hostUs();
    if (!theirSessionWins(now + offset, this.ghost(now), session, this.sessionId)) return;
    // The session's timeline: the newest any of its members told us.
    let tl: Timeline | undefined;
    for (const p of this.peers.values()) if (p.state.sessionId === session && p.state.timeline && (!tl || isNewer(p.state.timeline, tl))) tl = p.state.timeline;
    if (!tl) return;
    this.sessionId = session;
    this.intercept = offset;
    this.timeline = tl;
    this.o.onTimeline?.(tl, "joined");
    // A peer that joins takes the session's start/stop state, whatever its own was.
    if (this.o.startStopSync) {
      let st: StartStop | undefined;
      for (const p of this.peers.values()) if (p.state.sessionId === session && p.state.startStop && (!st || p.state.startStop.timestamp > st.timestamp)) st = p.state.startStop;
      if (st) {
        const changed = st.playing !== this.startStop.playing;
        this.startStop = st;
        if (changed) this.o.onStartStop?.(st);
      }
    }
    this.countChanged();
    this.broadcastNow();
  }
}

/** Every IPv4 address of this machine (loopback too: a peer on this machine is reached there). */
export function ipv4Interfaces(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === "IPv4")
    .map((i) => i.address);
}
