/** The sink's live output: every note-on it sends gets exactly one note-off, on every path. */
import { describe, expect, it } from "vitest";
import { CollectingOutput } from "../../src/midi/midi-output.ts";
import { MidiOutSink, NoteEvent, PPQ, ControlChangeEvent, type Ticks } from "../../src/index.ts";
import { Node } from "../../src/core/node.ts";
import { virtualSystem } from "../helpers.ts";

class Player extends Node {
  readonly kind = "player";
  constructor(bus: ConstructorParameters<typeof Node>[0], name: string, private readonly notes: Array<[number, number, number]>) {
    super(bus, name);
  }
  protected override onStart(): void {
    for (const [tick, pitch, gate] of this.notes) this.at(tick, () => this.publish(new NoteEvent({ pitch, velocity: 0.8, gateBeats: gate })));
  }
}

/** Check the stream: per key, on/off strictly alternate, every on is closed, offs are never before their on. */
function balanced(sent: Array<{ tick: number; bytes: number[] }>) {
  const open = new Map<number, number>();
  for (const { tick, bytes } of sent) {
    const [status, pitch] = bytes as [number, number];
    const kind = status & 0xf0;
    const key = (status & 0x0f) * 128 + pitch;
    if (kind === 0x90) {
      expect(open.has(key), `second note-on of key ${key} at ${tick} without a note-off`).toBe(false);
      open.set(key, tick);
    } else if (kind === 0x80) {
      expect(open.has(key), `note-off of key ${key} at ${tick} with nothing sounding`).toBe(true);
      expect(tick).toBeGreaterThanOrEqual(open.get(key)!);
      open.delete(key);
    }
  }
  return open;
}

function setUp(notes: Record<string, Array<[number, number, number]>>) {
  const s = virtualSystem();
  const out = new CollectingOutput();
  const midi = s.system.add(new MidiOutSink(s.bus, { output: out }));
  for (const [name, list] of Object.entries(notes)) s.system.add(new Player(s.bus, name, list));
  return { ...s, out, midi };
}

describe("MidiOutSink live output", () => {
  it("sends note-on at the stamp and note-off exactly a gate later", async () => {
    const t = setUp({ a: [[0, 60, 1], [PPQ, 64, 0.5]] });
    await t.system.runUntilTick(4 * PPQ);
    expect(t.out.sent).toEqual([
      { tick: 0, bytes: [0x90, 60, 102] },
      { tick: PPQ, bytes: [0x80, 60, 0] },
      { tick: PPQ, bytes: [0x90, 64, 102] },
      { tick: PPQ + PPQ / 2, bytes: [0x80, 64, 0] },
    ]);
  });

  it("a restruck key ends the sounding note first, and its later note-off is not sent", async () => {
    const t = setUp({ a: [[0, 60, 4], [PPQ, 60, 1]] });
    await t.system.runUntilTick(8 * PPQ);
    expect(t.out.sent.map((m) => [m.tick, m.bytes[0]])).toEqual([[0, 0x90], [PPQ, 0x80], [PPQ, 0x90], [2 * PPQ, 0x80]]);
    expect(balanced(t.out.sent).size).toBe(0);
  });

  it("removing a node, muting it, panic and stop each close exactly its sounding notes", async () => {
    const t = setUp({ a: [[0, 60, 16]], b: [[0, 62, 16], [PPQ, 64, 16]], c: [[0, 67, 16]] });
    await t.system.runUntilTick(2 * PPQ);
    t.system.remove("a");
    expect(balanced(t.out.sent).has(60)).toBe(false);
    t.midi.mute("b");
    const open = balanced(t.out.sent);
    expect([...open.keys()]).toEqual([67]);
    t.midi.panic();
    const allOff = t.out.sent.filter((m) => m.bytes[0]! >= 0xb0 && m.bytes[0]! <= 0xbf && m.bytes[1] === 123);
    expect(allOff).toHaveLength(16);
    expect(balanced(t.out.sent).size).toBe(0);
    await t.system.runUntilTick(40 * PPQ); // the original note-offs must not come out again
    expect(balanced(t.out.sent).size).toBe(0);
    t.system.stop();
    expect(balanced(t.out.sent).size).toBe(0);
  });

  it("stopping the system with notes sounding closes them at the stop", async () => {
    const t = setUp({ a: [[0, 60, 16], [0, 72, 16]] });
    await t.system.runUntilTick(PPQ);
    expect(balanced(t.out.sent).size).toBe(2);
    t.system.stop();
    expect(balanced(t.out.sent).size).toBe(0);
    expect(t.out.sent.filter((m) => (m.bytes[0]! & 0xf0) === 0x80).every((m) => m.tick === PPQ)).toBe(true);
  });

  it("controls go out at their tick", async () => {
    const t = setUp({});
    t.system.start();
    t.bus.emit(new ControlChangeEvent({ channel: 2, controller: 64, value: 127 }));
    expect(t.out.sent).toEqual([{ tick: 0, bytes: [0xb2, 64, 127] }]);
  });
});

describe("note-offs and tempo changes", () => {
  it("a note-off goes to the output only when its tick comes, so a tempo change before it moves it with the music", async () => {
    const t = setUp({ a: [[0, 60, 4]] });
    const sentAt: number[] = [];
    const out = t.out;
    const send = out.send.bind(out);
    out.send = (tick, bytes) => {
      sentAt.push(t.bus.now);
      send(tick, bytes);
    };
    await t.system.runUntilTick(PPQ);
    expect(out.sent).toHaveLength(1); // the note-on only: the note-off is not handed over ahead
    t.system.timeline.tempo.setTempo((2 * PPQ) as Ticks, 60); // the tempo halves at beat 2, while the note sounds
    await t.system.runUntilTick(8 * PPQ);
    expect(out.sent.map((m) => m.bytes[0])).toEqual([0x90, 0x80]);
    expect(out.sent[1]!.tick).toBe(4 * PPQ);
    expect(sentAt[1]).toBe(4 * PPQ); // handed over at its own tick, under the new tempo
    expect(t.system.timeline.tempo.toSeconds(4 * PPQ)).toBeCloseTo(0.5 + 0.5 + 2, 9); // 2 beats at 120, 2 at 60
  });
});
