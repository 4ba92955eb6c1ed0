/**
 * A stand-in for SuperDirt on 127.0.0.1, for tests and the benchmark: it decodes every packet,
 * notes when it arrived (on the output clock and, through its own estimate, the calendar), and
 * answers `/dirt/handshake` as SuperDirt does (unless told to stay silent, like a generic receiver).
 */
import { createSocket, type Socket } from "node:dgram";
import { fromBuffer, toBuffer, type OscPacketOutput } from "osc-min";
import { nowMs } from "../../../src/output/clock.ts";

export interface Received {
  /** Output clock at arrival (ms). */
  at: number;
  packet: OscPacketOutput;
}

export class FakeSuperDirt {
  readonly received: Received[] = [];
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    private readonly answer: boolean,
  ) {
    socket.on("message", (buf, from) => {
      const at = nowMs();
      const packet = fromBuffer(buf);
      this.received.push({ at, packet });
      if (this.answer && packet.oscType === "message" && packet.address === "/dirt/handshake") {
        const reply = toBuffer({
          address: "/dirt/handshake/reply",
          args: ["&serverHostname", "127.0.0.1", "&serverPort", { type: "integer", value: this.port }, "&controlBusIndices", { type: "integer", value: 16 }, { type: "integer", value: 17 }],
        });
        socket.send(new Uint8Array(reply.buffer, reply.byteOffset, reply.byteLength), from.port, from.address);
      }
    });
  }

  static async start(o: { answer?: boolean } = {}): Promise<FakeSuperDirt> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
    return new FakeSuperDirt(socket, socket.address().port, o.answer ?? true);
  }

  /** The bundles received, with their arrival. */
  bundles(): Array<{ at: number; timetag: [number, number]; messages: Array<{ address: string; args: Array<{ type: string; value?: unknown }> }> }> {
    return this.received.flatMap(({ at, packet }) =>
      packet.oscType === "bundle"
        ? [{ at, timetag: packet.timetag, messages: packet.elements.flatMap((e) => (e.oscType === "message" ? [{ address: e.address, args: e.args }] : [])) }]
        : [],
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/**
 * The calendar's offset from the output clock (ms), estimated apart from the code under test: the
 * mean of many `Date.now() − nowMs()` readings, each of which is up to 1 ms low (Date.now() has
 * whole ms), plus the half millisecond they are low on average. Good to ≈ 0.05 ms.
 */
export function calendarOffsetByAverage(samples = 4000): number {
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    sum += Date.now() - nowMs();
    // spread the readings over a few ms so their fractions are evenly spread
    const until = nowMs() + 0.0013;
    while (nowMs() < until);
  }
  return sum / samples + 0.5;
}
