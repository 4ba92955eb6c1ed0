/** The engine's heartbeat as the supervisor reads it: progress, phase, the acting node, deadlines. */
import { describe, expect, it } from "vitest";
import { DEADLINE_MS, HeartbeatReader, HeartbeatWriter, heartbeatBuffer, Phase } from "../../src/live/engine/heartbeat.ts";

function pair() {
  let now = 1000;
  const named: Array<[number, string]> = [];
  const buffer = heartbeatBuffer();
  const writer = new HeartbeatWriter(buffer, (id, name) => named.push([id, name]), () => now);
  return { writer, reader: new HeartbeatReader(buffer), named, at: (t: number) => (now = t) };
}

describe("the heartbeat", () => {
  it("counts silence from the last progress, and stalls only past its phase's deadline", () => {
    const { writer, reader, at } = pair();
    at(2000);
    writer.instant(960);
    expect(reader.read(2100)).toMatchObject({ silentMs: 100, phase: Phase.Music, tick: 960 });
    expect(reader.stalled(2000 + DEADLINE_MS[Phase.Music])).toBeUndefined();
    expect(reader.stalled(2001 + DEADLINE_MS[Phase.Music])).toMatchObject({ phase: Phase.Music, tick: 960 });
    // a patch's top level may take longer than an instant of music before it counts as runaway
    at(3000);
    writer.enter(Phase.Patch);
    expect(reader.stalled(3000 + DEADLINE_MS[Phase.Music] + 1)).toBeUndefined();
    expect(reader.stalled(3001 + DEADLINE_MS[Phase.Patch])?.phase).toBe(Phase.Patch);
    writer.leave();
    expect(reader.read(3000).phase).toBe(Phase.Idle);
  });

  it("an instant does not hide a REPL line or a patch that is running", () => {
    const { writer, reader } = pair();
    writer.enter(Phase.Repl, 42);
    writer.instant(0);
    expect(reader.read(0).phase).toBe(Phase.Repl);
    expect(reader.read(0).detail).toBe(42);
  });

  it("names the acting node by an id, telling each name once", () => {
    const { writer, reader, named } = pair();
    writer.acting("arp");
    writer.acting("euc");
    writer.acting("arp");
    expect(named).toEqual([[0, "arp"], [1, "euc"]]);
    expect(reader.read(0).node).toBe(0);
    writer.acting(undefined);
    expect(reader.read(0).node).toBe(-1);
  });
});
