/**
 * Real MIDI output: a thread that sends stamped messages at their time, and the ports it sends to.
 * See docs/timing.md.
 */
export { fromPerformanceNow, nowMs } from "./clock.ts";
export { checkMessage, invalidMessage, MidiMessageError } from "./midi-bytes.ts";
export { MAX_LATENCY_MS } from "./latency-glide.ts";
export { DEFAULT_LATENCY_MS, DEFAULT_WATCHDOG_MS, OutputThread, type CloseResult, type OutputThreadOptions } from "./output-thread.ts";
export type { OutputStats } from "./protocol.ts";
export { describeOutputTiming } from "./timing-report.ts";
export type { PriorityReport } from "./rt-priority.ts";
export { FakePort, type SentMessage } from "./ports/fake-port.ts";
export { FLUIDSYNTH_HINT, findSoundfont, FluidSynthServer, type FluidSynthOptions } from "./ports/fluidsynth.ts";
export { listPorts, type PortList } from "./ports/list-ports.ts";
export { describeSpec, type MidiPort, type PortSpec } from "./ports/midi-port.ts";
export { choosePort, parsePortSelector, PortSelectError, type PortSelector } from "./ports/port-select.ts";
