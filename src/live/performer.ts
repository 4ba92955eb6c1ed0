/**
 * What the performer has at hand in the REPL: the names in scope (the prelude, the public API,
 * the bus, every live node as an object whose params can be read and assigned) and the
 * dot-commands. `arp.scale = "minor"` is sugar for `set("arp", "scale", "minor")`: a cue that
 * publishes a ParamChangeEvent at the next free tick (journaled).
 */
import { basename } from "node:path";
import * as magicbus from "../index.ts";
import { Node } from "../core/node.ts";
import type { Daemon } from "./daemon.ts";
import { checkQuantum } from "./quantize.ts";
import { pianoStatus } from "./status.ts";
import type { MapOptions } from "../midi/input/controller-map.ts";
import { describeOutputTiming } from "../output/timing-report.ts";

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
      return `${target}.${param} = ${JSON.stringify(value)} at ${d.position(d.set.cues.nextFreeTick)}`;
    },
    bpm: (value?: number) => {
      if (value === undefined) return d.bpmNow;
      return `tempo ${value} bpm from ${d.position(d.setBpm(value))}`;
    },
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
 * A live node as the REPL sees it: reading a param gives its value, assigning one cues a
 * ParamChangeEvent (checked first: a wrong name or value throws and changes nothing). Anything
 * else reads through to the node itself.
 */
export function nodeHandle(d: Daemon, name: string): object {
  const node = d.session.system.node(name)!;
  const params = node instanceof Node ? node.paramNames() : [];
  return new Proxy(node, {
    get(target, key, receiver) {
      if (typeof key === "string" && params.includes(key)) return (target as Node).getParam(key);
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

/** The dot-commands (`.nodes`, `.bpm`, `.panic` …). */
export function performerCommands(d: Daemon, quit: () => void): Record<string, PerformerCommand> {
  const words = (args: string) => args.split(/\s+/).filter(Boolean);
  return {
    nodes: {
      help: "list the live nodes, their kind and params",
      run: (_args, out) => {
        const { system } = d.session;
        const patchNodes = new Set(d.patchNodes());
        for (const name of system.names()) {
          const node = system.node(name)!;
          const owner = d.set.stage.ownerOf(name);
          const where = owner ? basename(owner) : "session";
          const params = node instanceof Node ? Object.entries(node.params()).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") : "";
          const state = [d.session.midi.mutedNodes.includes(name) ? "muted" : "", d.session.midi.soloedNodes.includes(name) ? "solo" : ""].filter(Boolean).join(",");
          out.print(`${patchNodes.has(name) ? "" : "  "}${name}  (${node.kind ?? node.constructor.name}, ${where}${state ? `, ${state}` : ""})  ${params}`);
        }
        for (const name of d.stoppedNodes()) {
          const owner = basename(d.set.stage.ownerOf(name) ?? "");
          out.print(`${name}  (${d.stoppedBecause(name)}, ${owner}: save ${owner} to bring it back)`);
        }
      },
    },
    bpm: {
      help: "show the tempo, or change it at the next beat: .bpm 128",
      run: (args, out) => {
        const [v] = words(args);
        if (v === undefined) return out.print(`${d.bpmNow} bpm`);
        const bpm = Number(v);
        if (!Number.isFinite(bpm)) return out.error(`.bpm needs a number, got "${v}"`);
        out.print(`tempo ${bpm} bpm from ${d.position(d.setBpm(bpm))}`);
      },
    },
    latency: {
      help: "show or change the live port's output latency (ms), without a glitch: .latency 30",
      run: (args, out) => {
        const [v] = words(args);
        if (!d.port) return out.error(`no live MIDI port (${d.noPortReason ?? "none"}); nothing to set`);
        if (v === undefined) return out.print(`${d.port.latencyMs} ms`);
        const ms = Number(v);
        if (!Number.isFinite(ms) || ms < 0 || ms > 1000) return out.error(`.latency needs milliseconds from 0 to 1000, got "${v}"`);
        d.setLatency(ms);
        out.print(`latency gliding to ${ms} ms`);
      },
    },
    link: {
      help: "Ableton Link: .link shows the session, .link on joins it, .link off leaves it (the tempo stays); .link start|stop with --link-start-stop",
      run: async (args, out) => {
        const [v] = words(args);
        if (v === "on") {
          try {
            const link = await d.startLink();
            return out.print(`Link on: ${link.peerCount} peer${link.peerCount === 1 ? "" : "s"}, session at ${Math.round(link.bpm * 100) / 100} bpm, quantum ${d.linkOptions.quantum}`);
          } catch (err) {
            return out.error(`Link could not start: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        if (v === "off") {
          await d.stopLink();
          return out.print(`Link off; the set keeps ${d.bpmNow} bpm`);
        }
        if (v === "start" || v === "stop") {
          if (!d.link) return out.error("Link is off (.link on joins the session)");
          try {
            d.link.setPlaying(v === "start");
          } catch (err) {
            return out.error(err instanceof Error ? err.message : String(err));
          }
          return out.print(v === "start" ? "session started" : "session stopped: the set goes on silently until it starts");
        }
        if (v !== undefined) return out.error(`.link takes on, off, start or stop, got "${v}"`);
        if (!d.link) return out.print("Link off (.link on joins the session on the network)");
        out.print(`Link on: ${d.link.peerCount} peer${d.link.peerCount === 1 ? "" : "s"}, session at ${Math.round(d.link.bpm * 100) / 100} bpm, quantum ${d.linkOptions.quantum}${d.linkOptions.startStop ? `, start/stop sync (${d.session.midi.playing ? "playing" : "stopped"})` : ""}; ${d.link.shifts} phase corrections, largest ${d.link.largestShiftMs.toFixed(1)} ms`);
      },
    },
    timing: {
      help: "how the live port's output timing is doing: error, late sends and why, spin window, latency needed",
      run: async (_args, out) => {
        if (!d.port) return out.error(`no live MIDI port (${d.noPortReason ?? "none"}); no output timing to show`);
        for (const line of describeOutputTiming(await d.port.stats())) out.print(line);
      },
    },
    panic: {
      help: "all notes off, now",
      run: (_a, out) => {
        d.panic();
        out.print("all notes off");
      },
    },
    mute: {
      help: "silence a node: .mute arp",
      run: (args, out) => {
        const [name] = words(args);
        if (!name) return out.error(`.mute needs a node name; nodes: ${d.patchNodes().join(", ")}`);
        d.mute(name);
        out.print(`muted ${name}`);
      },
    },
    unmute: {
      help: "unmute a node, or all with no name",
      run: (args, out) => {
        const [name] = words(args);
        d.unmute(name);
        out.print(name ? `unmuted ${name}` : "unmuted all");
      },
    },
    solo: {
      help: "play only these nodes: .solo arp bass; no names: solo off",
      run: (args, out) => {
        const names = words(args);
        d.solo(names);
        out.print(names.length ? `solo ${names.join(" ")}` : "solo off");
      },
    },
    reload: {
      help: "reload one patch (.reload basic) or all",
      run: async (args, out) => {
        const [which] = words(args);
        for (const r of await d.reload(which)) {
          if (r.ok) out.print(`reloaded ${basename(r.file)} in ${r.ms.toFixed(0)} ms, swap at ${d.position(r.swapTick)}`);
        }
      },
    },
    quantize: {
      help: "where swaps land: .quantize bar|beat|loop|now",
      run: (args, out) => {
        const [q] = words(args);
        if (q === undefined) return out.print(d.quantize);
        d.quantize = checkQuantum(q);
        out.print(`swaps land on the next ${d.quantize === "now" ? "free tick" : d.quantize}`);
      },
    },
    record: {
      help: "record a take: .record start FILE.mid | .record stop",
      run: async (args, out) => {
        const [what, file] = words(args);
        if (what === "start") {
          if (!file) return out.error(".record start needs a file name: .record start take1.mid");
          out.print(`recording ${file} from ${d.position(d.recordStart(file))}`);
        } else if (what === "stop") {
          out.print(`wrote ${await d.recordStop()}`);
        } else {
          out.error(`.record start FILE | .record stop (got "${args.trim()}")`);
        }
      },
    },
    map: {
      help: "list controller mappings; .map cc:1 arp.gate [min max] maps one",
      run: (args, out) => {
        const [source, target, min, max] = words(args);
        if (source === undefined) {
          const list = d.session.controllers.list();
          if (list.length === 0) return out.print("no controller mappings (.map cc:1 arp.gate 0.05 1, or .learn arp.gate)");
          for (const m of list) out.print(`${m.source} → ${m.target}  ${m.min}..${m.max}${m.curve === "exp" ? " exp" : ""}${m.integer ? " integer" : ""}`);
          return;
        }
        if (target === undefined) return out.error(".map SOURCE NODE.PARAM [MIN MAX], e.g. .map cc:74 arp.gate 0.05 1");
        const o: MapOptions = {};
        if (min !== undefined) o.min = Number(min);
        if (max !== undefined) o.max = Number(max);
        out.print(`mapped ${d.session.controllers.map(source, target, o)} → ${target}`);
      },
    },
    learn: {
      help: "map the next controller moved: .learn arp.gate [min max]",
      run: (args, out) => {
        const [target, min, max] = words(args);
        if (target === undefined) return out.error(".learn NODE.PARAM [MIN MAX]: the next CC (or note) that moves is mapped to it");
        const o: MapOptions = {};
        if (min !== undefined) o.min = Number(min);
        if (max !== undefined) o.max = Number(max);
        // Not awaited: the REPL stays free while the performer reaches for a knob.
        d.session.controllers.learn(target, o).then(
          (source) => out.print(`learned ${source} → ${target}`),
          (err: unknown) => out.error(`.learn ${target}: ${err instanceof Error ? err.message : String(err)}`),
        );
        out.print(`move a controller for ${target}…${d.input ? "" : " (no MIDI input is open: start with --midi-in)"}`);
      },
    },
    end: {
      help: "finish a piano on a perfect authentic cadence at its next phrase end: .end piano",
      run: (args, out) => {
        const [name] = words(args);
        const pianos = d.pianos().map((p) => p.name);
        const target = name ?? (pianos.length === 1 ? pianos[0] : undefined);
        if (target === undefined) return out.error(`.end NAME; pianos: ${pianos.join(", ") || "none"}`);
        d.setParam(target, "end", true);
        out.print(`${target} will end on a cadence at its next phrase end`);
      },
    },
    piano: {
      help: "what a piano is playing and has planned: section, phrase, key, chords (.piano [NAME])",
      run: (args, out) => {
        const [name] = words(args);
        const pianos = d.pianos();
        const p = name ? pianos.find((x) => x.name === name) : pianos[0];
        if (!p) return out.error(`no piano${name ? ` named "${name}"` : ""}; pianos: ${pianos.map((x) => x.name).join(", ") || "none"} (add one with piano("piano", { archetype: "Nocturne" }) in a patch)`);
        out.print(`${p.name}: ${pianoStatus(p)} · ${p.composer.homeKeyName} · ${p.composer.metre} · form ${p.composer.formName}`);
        const now = d.heardTick;
        for (const ph of p.phrases) {
          const i = ph.info;
          const when = ph.startTick <= now && now < ph.endTick ? "now " : "next";
          const chords = i.chords.map((c) => c.chord.symbol).join(" ");
          out.print(`  ${when} ${d.position(ph.startTick)} section ${i.section}, phrase ${i.index + 1} (${i.bars} bars, ${i.transform}), ${i.keyName}, ${i.cadence} cadence, tension ${i.tension.toFixed(2)}: ${chords}`);
        }
      },
    },
    quit: {
      help: "end the set: notes off, recording written, exit",
      run: () => quit(),
    },
  };
}
