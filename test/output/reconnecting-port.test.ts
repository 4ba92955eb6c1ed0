import { describe, expect, it } from "vitest";
import { FakePort } from "../../src/output/ports/fake-port.ts";
import { ReconnectingPort } from "../../src/output/ports/reconnecting-port.ts";

/** A ReconnectingPort whose retry timer is run by hand, over a device that can vanish. */
function setup() {
  let device: FakePort | undefined = new FakePort("synth");
  let available = true;
  const opened: FakePort[] = [];
  const problems: string[] = [];
  const timers: Array<() => void> = [];
  const port = new ReconnectingPort(
    async () => {
      if (!available) throw new Error("no such port");
      device = new FakePort("synth");
      opened.push(device);
      return device;
    },
    "synth",
    { retryMs: 500, report: (m) => problems.push(m), setTimer: (fn) => timers.push(fn) },
  );
  const fire = async () => {
    const t = timers.splice(0);
    for (const fn of t) fn();
    await new Promise((r) => setImmediate(r));
  };
  return { port, opened, problems, timers, fire, unplug: () => ((device!.lost = "device removed"), (available = false)), plug: () => (available = true) };
}

describe("ReconnectingPort", () => {
  it("a port that disappears mid-set is reported once, messages fail fast while it is gone, and it comes back", async () => {
    const s = setup();
    await s.port.start();
    s.port.send([0x90, 60, 1]);
    s.unplug();
    expect(() => s.port.send([0x90, 61, 1])).toThrow("synth is gone; reconnecting");
    expect(() => s.port.send([0x90, 62, 1])).toThrow("synth is gone; reconnecting");
    expect(s.problems).toEqual(["output: synth disappeared (device removed); retrying every 500 ms, the set goes on"]);
    expect(s.opened[0]!.closed).toBe(true);

    await s.fire(); // still gone: tries again later
    expect(s.port.attempts).toBe(1);
    expect(s.timers).toHaveLength(1);

    s.plug();
    await s.fire();
    expect(s.problems[1]).toBe("output: synth is back after 2 attempts");
    s.port.send([0x90, 63, 1]);
    expect(s.opened[1]!.sent.map((m) => m.bytes[1])).toEqual([63]);
    expect(s.port.losses).toBe(1);
  });

  it("a send that throws counts as the port going away", async () => {
    const s = setup();
    await s.port.start();
    const dev = s.opened[0]!;
    dev.send = () => {
      throw new Error("write EPIPE");
    };
    expect(() => s.port.send([0x90, 60, 1])).toThrow("synth is gone");
    expect(s.problems[0]).toContain("synth disappeared (write EPIPE)");
    await s.fire();
    expect(s.port.current).toBeDefined();
  });

  it("after close it stops retrying", async () => {
    const s = setup();
    await s.port.start();
    s.unplug();
    expect(() => s.port.send([0x90, 60, 1])).toThrow();
    s.port.close();
    s.plug();
    await s.fire();
    expect(s.port.current).toBeUndefined();
    expect(s.timers).toHaveLength(0);
  });

  it("a port that cannot open at all is an error at start, not a retry loop", async () => {
    const port = new ReconnectingPort(() => Promise.reject(new Error('no MIDI output named "x"')), "x");
    await expect(port.start()).rejects.toThrow('no MIDI output named "x"');
  });
});
