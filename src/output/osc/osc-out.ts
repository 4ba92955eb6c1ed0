/**
 * The OSC output: each note as one OSC bundle over UDP, timestamped in NTP time for the moment it
 * must sound, to SuperDirt (`/dirt/play`) or any OSC receiver (docs/together.md has the map).
 *
 * Timing is the receiver's job: a bundle carries the calendar time of its sound, and SuperDirt or
 * scsynth plays it at that time. So a bundle is sent as soon as the music is computed (up to the
 * lookahead before its stamp), with the timetag `stamp + latency` — the MIDI port's latency model
 * (`.latency` changes it, gliding like the port's). The stamp is on the output clock (nowMs); the
 * timetag is calendar time through a WallClock that is measured again every few seconds, so drift
 * between the two clocks over a long set is corrected.
 *
 * SuperDirt answers `/dirt/handshake` with `/dirt/handshake/reply`: the handshake is sent on open
 * and repeated until it answers (a SuperDirt started after magicbus is found); notes are sent
 * either way, since a generic receiver never answers.
 *
 * @example
 *   const osc = await OscOut.open({ kind: "superdirt", host: "127.0.0.1", port: 57120 }, { latencyMs: 100 });
 *   osc.notes(nowMs(), [note]);   // sounds 100 ms from now, whenever the bundle arrives before that
 *   await osc.close();
 */
import { createSocket, type Socket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { fromBuffer, toBuffer, type OscMessageInput, type OscPacketOutput } from "osc-min";
import { nowMs } from "../clock.ts";
import { LatencyGlide, MAX_LATENCY_MS } from "../latency-glide.ts";
import { genericControl, noteMessage } from "./address-map.ts";
import type { OscTarget } from "./osc-target.ts";
import type { SoundNote } from "./sound-note.ts";
import { toTimetag } from "./timetag.ts";
import { WallClock } from "./wall-clock.ts";

/** The calendar clock is measured this often (ms): NTP slews it by at most 0.5 ms a second. */
const MEASURE_EVERY_MS = 5000;
/** The handshake is repeated this often (ms) until SuperDirt answers. */
const HANDSHAKE_EVERY_MS = 2000;

export interface OscOutOptions {
  latencyMs: number;
  onProblem?: (message: string) => void;
  /** Told once when SuperDirt answers the handshake. */
  onHandshake?: (reply: OscHandshake) => void;
  /** The clocks (tests): the output clock and the calendar clock. */
  now?: () => number;
  calendar?: () => number;
}

/** What SuperDirt said about itself in its handshake reply. */
export interface OscHandshake {
  serverHostname?: string;
  serverPort?: number;
  controlBusIndices: number[];
}

export interface OscStats {
  bundles: number;
  sendErrors: number;
  handshake: OscHandshake | undefined;
  /** Calendar − output clock (ms), and how fast it moves (ppm). */
  clockOffsetMs: number;
  clockDriftPpm: number;
}

export class OscOut {
  private readonly glide: LatencyGlide;
  private readonly wall: WallClock;
  private readonly timers: NodeJS.Timeout[] = [];
  private bundles = 0;
  private sendErrors = 0;
  private lastError: string | undefined;
  private closed = false;
  handshake: OscHandshake | undefined;

  private constructor(
    readonly target: OscTarget,
    private readonly address: string,
    private readonly socket: Socket,
    o: OscOutOptions,
    private readonly onProblem: (message: string) => void,
  ) {
    this.glide = new LatencyGlide(o.latencyMs);
    this.wall = new WallClock({ now: o.now ?? nowMs, calendar: o.calendar ?? Date.now });
    this.wall.measure();
    const measure = setInterval(() => this.wall.measure(), MEASURE_EVERY_MS);
    measure.unref();
    this.timers.push(measure);
    socket.on("message", (buf) => this.heard(buf, o.onHandshake));
    socket.on("error", (err) => this.failed(err));
    if (target.kind === "superdirt") {
      const ask = () => !this.handshake && this.sendPacket({ address: "/dirt/handshake" });
      ask();
      const again = setInterval(ask, HANDSHAKE_EVERY_MS);
      again.unref();
      this.timers.push(again);
    }
  }

  /** Open a UDP socket toward `target` (its host resolved once, here). */
  static async open(target: OscTarget, o: OscOutOptions): Promise<OscOut> {
    const address = isIP(target.host) ? target.host : (await lookup(target.host)).address;
    const v6 = isIP(address) === 6;
    const socket = createSocket(v6 ? "udp6" : "udp4");
    // Replies come back to this socket; for a receiver on this machine it listens on loopback only.
    const loopback = address === "127.0.0.1" || address === "::1";
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind({ port: 0, ...(loopback ? { address } : {}) }, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    return new OscOut(target, address, socket, o, o.onProblem ?? ((m) => console.error(m)));
  }

  /** The notes that start at output-clock time `at`: one bundle each, timetagged `at + latency`. */
  notes(at: number, notes: readonly SoundNote[]): void {
    const timetag = this.timetagOf(at);
    for (const note of notes) this.sendPacket({ timetag, elements: [noteMessage(this.target.kind, note)] });
  }

  /**
   * Any OSC messages, in one bundle timetagged `at + latency`: for a receiver with its own
   * vocabulary (scsynth's `/s_new`, a visuals program).
   */
  bundle(at: number, messages: readonly OscMessageInput[]): void {
    this.sendPacket({ timetag: this.timetagOf(at), elements: [...messages] });
  }

  /** MIDI bytes stamped `at`: the generic map sends controls and programs; notes go through notes(). */
  send(at: number, bytes: readonly number[]): void {
    if (this.target.kind !== "generic") return;
    const message = genericControl(bytes);
    if (message) this.sendPacket({ timetag: this.timetagOf(at), elements: [message] });
  }

  /** The calendar time (Unix ms) a note stamped `at` is timetagged with. */
  soundsAt(at: number): number {
    return this.wall.toUnixMs(this.glide.due(at));
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) throw new RangeError(`latency must be a number of ms from 0 to ${MAX_LATENCY_MS}, got ${ms}`);
    const now = nowMs();
    this.glide.set(now, ms);
    this.glide.prune(now - 60_000);
  }

  get latencyMs(): number {
    return this.glide.target;
  }

  stats(): OscStats {
    return {
      bundles: this.bundles,
      sendErrors: this.sendErrors,
      handshake: this.handshake,
      clockOffsetMs: this.wall.offsetMs,
      clockDriftPpm: this.wall.driftPpm,
    };
  }

  /** One line for the performer. */
  describe(): string {
    const who = this.target.kind === "superdirt" ? "SuperDirt" : "OSC";
    const where = `${this.target.host}:${this.target.port}`;
    if (this.target.kind !== "superdirt") return `${who} → ${where}`;
    return `${who} → ${where}${this.handshake ? "" : " (no handshake yet: is SuperDirt running?)"}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private timetagOf(at: number) {
    return toTimetag(this.soundsAt(at));
  }

  private sendPacket(packet: Parameters<typeof toBuffer>[0]): void {
    if (this.closed) return;
    const view = toBuffer(packet);
    const buf = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    this.socket.send(buf, this.target.port, this.address, (err) => err && this.failed(err));
    if (typeof packet === "object" && "timetag" in packet) this.bundles++;
  }

  private failed(err: Error): void {
    this.sendErrors++;
    // Said once per kind of error, not once per note.
    if (err.message === this.lastError) return;
    this.lastError = err.message;
    this.onProblem(`OSC to ${this.target.host}:${this.target.port}: ${err.message}`);
  }

  private heard(buf: Buffer, told?: (h: OscHandshake) => void): void {
    let packet: OscPacketOutput;
    try {
      packet = fromBuffer(buf);
    } catch {
      return; // not OSC: not ours to answer
    }
    if (packet.oscType !== "message" || packet.address !== "/dirt/handshake/reply" || this.handshake) return;
    this.handshake = readHandshake(packet.args.map((a) => ("value" in a ? a.value : undefined)));
    told?.(this.handshake);
  }
}

/** `&serverHostname H &serverPort P &controlBusIndices i i i …` (older SuperDirts send only the indices). */
export function readHandshake(values: readonly unknown[]): OscHandshake {
  const h: OscHandshake = { controlBusIndices: [] };
  let key: string | undefined;
  for (const v of values) {
    if (typeof v === "string" && v.startsWith("&")) key = v.slice(1);
    else if (key === "serverHostname" && typeof v === "string") h.serverHostname = v;
    else if (key === "serverPort" && typeof v === "number") h.serverPort = v;
    else if ((key === "controlBusIndices" || key === undefined) && typeof v === "number") h.controlBusIndices.push(v);
  }
  return h;
}
