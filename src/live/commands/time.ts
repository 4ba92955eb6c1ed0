/** Dot-commands for time and the output: tempo, where swaps land, the port's latency and timing, panic. */
import { DEFAULT_LOOKAHEAD_MS } from "../../core/realtime-driver.ts";
import { checkQuantum } from "../swap-boundary.ts";
import { describeOutputTiming } from "../../output/timing-report.ts";
import type { Daemon } from "../daemon.ts";
import type { PerformerCommand } from "../performer.ts";
import { words } from "./words.ts";

export function timeCommands(d: Daemon): Record<string, PerformerCommand> {
  return {
    bpm: {
      help: "show the tempo, or change it at the next beat: .bpm 128",
      run: (args, out) => {
        const [v] = words(args);
        if (v === undefined) return out.print(`${d.bpmNow} bpm`);
        const bpm = Number(v);
        if (!Number.isFinite(bpm)) return out.error(`.bpm needs a number, got "${v}"`);
        out.print(changeTempo(d, bpm));
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
    timing: {
      help: "how the live port's output timing is doing: error, late sends and why, spin window, latency needed",
      run: async (_args, out) => {
        if (!d.port) return out.error(`no live MIDI port (${d.noPortReason ?? "none"}); no output timing to show`);
        for (const line of describeOutputTiming(await d.port.stats())) out.print(line);
        const ahead = d.session.system.realtime?.lookaheadMs;
        const lead = d.port.leadMs;
        const why = lead > 0 && ahead === DEFAULT_LOOKAHEAD_MS + lead ? ` (${DEFAULT_LOOKAHEAD_MS} + the ${Math.round(lead)} ms by which the output wants each message early)` : "";
        if (ahead !== undefined) out.print(`the music is computed ${Math.round(ahead)} ms ahead${why}`);
      },
    },
    panic: {
      help: "all notes off, now",
      run: (_a, out) => {
        d.panic();
        out.print("all notes off");
      },
    },
  };
}

/** bpm(128) and .bpm 128: one tempo change, at the next beat, through the tempo cue. */
export function changeTempo(d: Daemon, bpm: number): string {
  return `tempo ${bpm} bpm from ${d.position(d.setBpm(bpm))}`;
}
