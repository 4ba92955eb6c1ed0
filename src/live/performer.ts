/**
 * What the performer has at hand in the REPL: the names in scope (the prelude, the public API,
 * the bus, every live node as an object whose params can be read and assigned) and the
 * dot-commands. `arp.scale = "minor"` is sugar for `set("arp", "scale", "minor")`: a cue that
 * publishes a ParamChangeEvent at the next free tick (journaled).
 */
import * as magicbus from "../index.ts";
import { Node } from "../core/node.ts";
import type { Daemon } from "./daemon.ts";
import type { MapOptions } from "../midi/input/controller-map.ts";
import { controllersCommands } from "./commands/controllers.ts";
import { nodesCommands } from "./commands/nodes.ts";
import { patchesCommands } from "./commands/patches.ts";
import { pianoCommands } from "./commands/piano.ts";
import { changeTempo, timeCommands } from "./commands/time.ts";
import { showValue } from "./param-values.ts";
import { togetherCommands } from "./commands/together.ts";

export interface PerformerOutput {
  print(text: string): void;
  error(text: string): void;
}

export interface PerformerCommand {
  help: string;
  run(args: string, out: PerformerOutput): void | Promise<void>;
}

/** The REPL's globals, rebuilt for every line so new nodes appear and removed ones go. */
export function performerScope(d: Daemon, prelude: Record<string, unknown>): Record<string, unknown> {
  const { system, bus, sched, clock, midi, scales } = d.session;
  const nodes: Record<string, unknown> = {};
  for (const name of system.names()) nodes[name] = nodeHandle(d, name);
  return {
    ...magicbus,
    ...prelude,
    prelude,
    magicbus,
    bus,
    system,
    sched,
    clock,
    midi,
    scales,
    daemon: d,
    nodes,
    set: (target: string, param: string, value: unknown) => {
      d.setParam(target, param, value);
      return `${target}.${param} = ${showValue(value)} at ${d.position(d.set.cues.nextFreeTick)}`;
    },
    bpm: (value?: number) => (value === undefined ? d.bpmNow : changeTempo(d, value)),
    panic: () => d.panic(),
    // Controllers: map("cc:1", "arp.gate", { min: 0.05, max: 1 }), unmap("cc:1"), mappings()
    map: (source: string, target: string, o: MapOptions = {}) => d.session.controllers.map(source, target, o),
    unmap: (source: string, target?: string) => d.session.controllers.unmap(source, target),
    mappings: () => d.session.controllers.list(),
    learn: (target: string, o: MapOptions = {}) => d.session.controllers.learn(target, o),
    midiIn: (bytes: number[]) => d.feedMidi(bytes),
    // Live nodes last: a node named like a helper (`arp`) is what the performer means here.
    ...nodes,
  };
}

/**
 * Names a program may look for on any object without meaning a param: `await` asks for `then`,
 * JSON.stringify for `toJSON`. Reading them from a node handle gives undefined, as anywhere.
 */
const PROBED = new Set(["then", "toJSON"]);

/**
 * A live node as the REPL sees it: reading a param gives its value, assigning one cues a
 * ParamChangeEvent (checked first: a wrong name or value throws and changes nothing). A name
 * the node has (a method, its name) reads through to the node itself; any other name is read
 * as a param, so a mistyped one (`euc.pulse`) says what its params are instead of `undefined`,
 * and the seed's spelling (`arp.gate_beats`) reads the performer's knob.
 */
export function nodeHandle(d: Daemon, name: string): object {
  const node = d.session.system.node(name)!;
  const params = node instanceof Node ? node.paramNames() : [];
  return new Proxy(node, {
    get(target, key, receiver) {
      // A param first (a node may have a field of the same name), then what the node itself has.
      if (typeof key === "string" && target instanceof Node && (params.includes(key) || (!(key in target) && !PROBED.has(key)))) return target.getParam(key);
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
    set(_target, key, value) {
      if (typeof key !== "string") return false;
      d.setParam(name, key, value);
      return true;
    },
    ownKeys() {
      return params;
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === "string" && params.includes(key)) {
        return { configurable: true, enumerable: true, writable: true, value: (target as Node).getParam(key) };
      }
      return undefined;
    },
  });
}

/** The dot-commands (`.nodes`, `.bpm`, `.panic` …), grouped by what they act on (src/live/commands/). */
export function performerCommands(d: Daemon, quit: () => void): Record<string, PerformerCommand> {
  return {
    ...nodesCommands(d),
    ...timeCommands(d),
    ...patchesCommands(d),
    ...controllersCommands(d),
    ...pianoCommands(d),
    ...togetherCommands(d),
    quit: {
      help: "end the set: notes off, recording written, exit",
      run: () => quit(),
    },
  };
}
