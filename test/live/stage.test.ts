/**
 * The stage on its own, in virtual time: which patch owns which node, and a swap that keeps a
 * node's state when the new version brings the same name and kind, starts what is new, stops what
 * is gone and replaces what changed kind. No daemon, no files: nodes are built here.
 */
import { describe, expect, it } from "vitest";
import { Node } from "../../src/core/node.ts";
import { intParam } from "../../src/core/params.ts";
import { PPQ } from "../../src/core/time.ts";
import { describeSwap, nameNodes, Stage } from "../../src/live/stage.ts";
import type { EventBus } from "../../src/core/bus.ts";
import type { NodeLike } from "../../src/core/system.ts";
import { virtualSystem } from "../helpers.ts";

/** Counts a beat every `every` beats: `count` is the state a kept node carries across a swap. */
class Counter extends Node {
  readonly kind: string = "counter";
  count = 0;
  every: number;
  accent = 1;
  constructor(bus: EventBus, name: string, options: { every?: number; accent?: number } = {}) {
    super(bus, name);
    this.every = options.every ?? 1;
    this.accent = options.accent ?? 1;
    this.defineParam("every", intParam(1, 4), () => this.every, (v) => (this.every = v));
    this.defineParam("accent", intParam(1, 4), () => this.accent, (v) => (this.accent = v));
  }
  protected override onStart(): void {
    const beat = (tick: number): void => {
      this.at(tick, () => {
        this.count++;
        beat(tick + this.every * PPQ);
      });
    };
    beat(this.bus.now);
  }
}

/** Another kind of node that a patch may put under a name a Counter had. */
class Pulse extends Counter {
  override readonly kind = "pulse";
}

/** A node class as a patch defines it: every reload evaluates the source again into a new class. */
function patchClass(body: "same" | "edited") {
  return body === "same"
    ? class Voice extends Node {
        readonly kind = "voice";
        protected override onStart(): void {}
      }
    : class Voice extends Node {
        readonly kind = "voice";
        readonly louder = true;
        protected override onStart(): void {}
      };
}

function setUp() {
  const s = virtualSystem();
  const stage = new Stage(s.system);
  const version = (...nodes: NodeLike[]) => nameNodes(nodes);
  s.system.start();
  return { ...s, stage, version };
}

describe("Stage: a swap", () => {
  it("brings a new patch's nodes in, started, and records who owns them", async () => {
    const { system, bus, stage, version } = setUp();
    const report = stage.swap("/set/a.ts", version(new Counter(bus, "kick"), new Counter(bus, "hat")));
    expect(report).toEqual({ file: "/set/a.ts", kept: [], added: ["kick", "hat"], removed: [], replaced: [] });
    expect(describeSwap(report)).toBe("+kick +hat");
    expect(stage.files()).toEqual(["/set/a.ts"]);
    expect(stage.nodesOf("/set/a.ts")).toEqual(["kick", "hat"]);
    expect(stage.ownerOf("kick")).toBe("/set/a.ts");
    expect(stage.ownerOf("sched")).toBeUndefined(); // a session node belongs to no patch
    expect(stage.nodesOf("/set/b.ts")).toEqual([]);
    await system.runUntilTick(4 * PPQ);
    expect((system.node("kick") as Counter).count).toBe(4); // beats 0, 1, 2, 3
  });

  it("keeps a same-name same-kind node running with its state, adds, removes and replaces the rest", async () => {
    const { system, bus, stage, version } = setUp();
    stage.swap("/set/a.ts", version(new Counter(bus, "kick"), new Counter(bus, "hat"), new Counter(bus, "bass")));
    await system.runUntilTick(4 * PPQ);
    const kick = system.node("kick") as Counter;
    const hat = system.node("hat") as Counter;
    const bass = system.node("bass") as Counter;

    const newKick = new Counter(bus, "kick", { every: 2 });
    const newBass = new Pulse(bus, "bass");
    const report = stage.swap("/set/a.ts", version(newKick, newBass, new Counter(bus, "snare")));
    expect(report).toEqual({ file: "/set/a.ts", kept: ["kick"], added: ["snare"], removed: ["hat"], replaced: ["bass"] });
    expect(describeSwap(report)).toBe("+snare -hat !bass ~kick");

    // kept: the running node stays, takes the new setting, and its count goes on from 4
    expect(system.node("kick")).toBe(kick);
    expect(kick.every).toBe(2);
    expect(newKick.isRunning).toBe(false);
    // removed: stopped and gone from the system
    expect(system.node("hat")).toBeUndefined();
    expect(hat.isRunning).toBe(false);
    // replaced: another kind under the same name; the old one stops, the new one runs
    expect(bass.isRunning).toBe(false);
    expect(system.node("bass")).toBe(newBass);
    expect(stage.nodesOf("/set/a.ts")).toEqual(["kick", "bass", "snare"]);

    await system.runUntilTick(8 * PPQ);
    expect(kick.count).toBe(6); // its timer at beat 4 was set before the swap; then every 2 beats: 4, 6
    expect(hat.count).toBe(4); // stopped at beat 4, before that beat's count
    expect(newBass.count).toBe(4); // fresh state: beats 4..7
    expect((system.node("snare") as Counter).count).toBe(4);
  });

  it("takes only the params the patch edited, so a value set from the REPL survives a save", () => {
    const { system, bus, stage, version } = setUp();
    stage.swap("/set/a.ts", version(new Counter(bus, "kick", { every: 1, accent: 1 })));
    const kick = system.node("kick") as Counter;
    kick.setParam("accent", 3); // the performer's change, not in the patch
    kick.setParam("every", 4);

    stage.swap("/set/a.ts", version(new Counter(bus, "kick", { every: 2, accent: 1 })));
    expect(kick.every).toBe(2); // edited in the patch: taken
    expect(kick.accent).toBe(3); // unchanged in the patch: the REPL's value stays

    stage.swap("/set/a.ts", version(new Counter(bus, "kick", { every: 2, accent: 2 })));
    expect(kick.accent).toBe(2); // now the patch edits it
  });

  it("keeps a patch-defined node whose class was re-evaluated unchanged, replaces it when its code changed", () => {
    const { system, bus, stage, version } = setUp();
    const first = new (patchClass("same"))(bus, "voice");
    stage.swap("/set/a.ts", version(first));
    expect(stage.swap("/set/a.ts", version(new (patchClass("same"))(bus, "voice"))).kept).toEqual(["voice"]);
    expect(system.node("voice")).toBe(first);
    const edited = new (patchClass("edited"))(bus, "voice");
    expect(stage.swap("/set/a.ts", version(edited)).replaced).toEqual(["voice"]);
    expect(system.node("voice")).toBe(edited);
  });

  it("replaces a hand-written node (it cannot adopt) and one that stopped after an error", () => {
    const { system, bus, stage, version } = setUp();
    const seedStyle = () => ({ name: "drone", kind: "drone", async start() {} });
    stage.swap("/set/a.ts", version(seedStyle(), new Counter(bus, "kick")));
    const again = seedStyle();
    const kick = system.node("kick") as Counter;
    system.remove("kick"); // as a node that failed while playing leaves the system
    const newKick = new Counter(bus, "kick");
    const report = stage.swap("/set/a.ts", version(again, newKick));
    expect(report.replaced).toEqual(["drone", "kick"]);
    expect(report.kept).toEqual([]);
    expect(system.node("drone")).toBe(again);
    expect(system.node("kick")).toBe(newKick);
    expect(kick.isRunning).toBe(false);
  });

  it("a version with no nodes empties a playing patch but leaves it listed; an unknown empty file is not listed", () => {
    const { system, bus, stage, version } = setUp();
    stage.swap("/set/a.ts", version(new Counter(bus, "kick")));
    expect(stage.swap("/set/a.ts", new Map()).removed).toEqual(["kick"]);
    expect(system.node("kick")).toBeUndefined();
    expect(stage.files()).toEqual(["/set/a.ts"]);
    expect(stage.nodesOf("/set/a.ts")).toEqual([]);
    expect(describeSwap(stage.swap("/set/b.ts", new Map()))).toBe("(no nodes)");
    expect(stage.files()).toEqual(["/set/a.ts"]);
  });
});

describe("Stage: names", () => {
  it("names each node by its own name or its class, and refuses two of one name in a patch", () => {
    const { bus } = setUp();
    class EchoNode {
      async start() {}
    }
    const named = nameNodes([new EchoNode(), new EchoNode(), new Counter(bus, "kick")]);
    expect([...named.keys()]).toEqual(["echo", "echo2", "kick"]);
    expect(() => nameNodes([new Counter(bus, "kick"), new Counter(bus, "kick")])).toThrow(
      'two nodes are named "kick" in this patch; names must be unique',
    );
  });

  it("refuses a name another patch owns, naming the owner; the same patch may reuse its own names", () => {
    const { bus, stage, version } = setUp();
    stage.swap("/set/a.ts", version(new Counter(bus, "kick")));
    expect(() => stage.name("/set/b.ts", [new Counter(bus, "kick")])).toThrow(
      'a node named "kick" already belongs to a.ts; choose another name',
    );
    expect([...stage.name("/set/a.ts", [new Counter(bus, "kick")]).keys()]).toEqual(["kick"]);
    expect([...stage.name("/set/b.ts", [new Counter(bus, "b_kick")]).keys()]).toEqual(["b_kick"]);
  });

  it("refuses a name a waiting version of another patch claims, until that claim is released", () => {
    const { bus, stage } = setUp();
    stage.claim("/set/a.ts", ["kick", "hat"]); // loaded first, swaps at the same tick
    expect(stage.claimantOf("hat")).toBe("/set/a.ts");
    expect(() => stage.name("/set/b.ts", [new Counter(bus, "hat")])).toThrow(
      'a node named "hat" is coming in with a.ts (loaded first); choose another name',
    );
    expect(() => stage.name("/set/a.ts", [new Counter(bus, "hat")])).not.toThrow();
    stage.claim("/set/a.ts", ["kick"]); // a newer save of a.ts replaces its claim
    expect(stage.claimantOf("hat")).toBeUndefined();
    expect(() => stage.name("/set/b.ts", [new Counter(bus, "hat")])).not.toThrow();
    stage.release("/set/a.ts");
    expect(stage.claimantOf("kick")).toBeUndefined();
  });

  it("a swap releases its file's claim", () => {
    const { bus, stage, version } = setUp();
    stage.claim("/set/a.ts", ["kick"]);
    stage.swap("/set/a.ts", version(new Counter(bus, "kick")));
    expect(stage.claimantOf("kick")).toBeUndefined();
    expect(stage.ownerOf("kick")).toBe("/set/a.ts");
  });

  it("refuses a session node's name, listing the session's nodes", () => {
    const { system, bus, stage, version } = setUp();
    system.add({ async start() {} }, "clock");
    stage.swap("/set/a.ts", version(new Counter(bus, "kick")));
    expect(() => stage.name("/set/a.ts", [new Counter(bus, "clock")])).toThrow(
      '"clock" is the name of a session node (sched, clock); choose another name',
    );
  });
});

describe("Stage: unload", () => {
  it("stops a patch's nodes, forgets the patch and returns what it removed", async () => {
    const { system, bus, stage, version } = setUp();
    stage.swap("/set/a.ts", version(new Counter(bus, "kick"), new Counter(bus, "hat")));
    stage.swap("/set/b.ts", version(new Counter(bus, "bass")));
    const kick = system.node("kick") as Counter;
    system.remove("hat"); // already gone (it failed while playing): not removed again
    stage.claim("/set/a.ts", ["kick"]);
    expect(stage.unload("/set/a.ts")).toEqual(["kick"]);
    expect(kick.isRunning).toBe(false);
    expect(system.node("kick")).toBeUndefined();
    expect(stage.files()).toEqual(["/set/b.ts"]);
    expect(stage.ownerOf("kick")).toBeUndefined();
    expect(stage.claimantOf("kick")).toBeUndefined();
    expect(stage.unload("/set/a.ts")).toEqual([]);
    expect(stage.unload("/set/never.ts")).toEqual([]);
    // the other patch plays on, and a's names are free again
    await system.runUntilTick(2 * PPQ);
    expect((system.node("bass") as Counter).count).toBe(2);
    expect(() => stage.name("/set/b.ts", [new Counter(bus, "kick")])).not.toThrow();
  });

});
