// Seed §8 — A new node: "transpose all notes by +12".
// Wired naively it hears its own output (it subscribes to the very event type it publishes):
// the bus catches the loop, names it, and drops the excess. Routed with { from: "arp" }, and the
// sink listening only to "transpose", it sits cleanly between the arpeggiator and the sink.
// Run: npx tsx docs/examples/08-transpose-run.ts (it wires this node both ways)
import { NoteEvent, type EventBus } from "magicbus";
import { main as minimalPatch } from "./03-minimal.ts";

/** The seed's node, verbatim in spirit: subscribes to NoteEvent, publishes NoteEvent. */
export class TransposeNode {
  constructor(public bus: EventBus, public semis = 12) {}

  async start() {
    const sub = await this.bus.subscribe(NoteEvent);
    try {
      while (true) {
        const ev = await sub.recv();
        await this.bus.publish(
          new NoteEvent({
            pitch: ev.pitch + this.semis,
            velocity: ev.velocity,
            gateBeats: ev.gateBeats,
            channel: ev.channel,
            meta: { ...ev.meta, transposed: this.semis },
          }),
        );
      }
    } finally {
      await sub.close();
    }
  }
}

/** The same node with routing: it only hears the arpeggiator. */
export class RoutedTransposeNode extends TransposeNode {
  override async start() {
    const sub = await this.bus.subscribe(NoteEvent, { from: "arp" });
    for await (const ev of sub) {
      await this.bus.publish(
        new NoteEvent({ pitch: ev.pitch + this.semis, velocity: ev.velocity, gateBeats: ev.gateBeats, channel: ev.channel }),
      );
    }
  }
}

export { minimalPatch };
