/**
 * The live port: the sink's `output` in a live set. The sink's messages are stamped in ticks; the
 * port turns each tick into the output thread's wall-clock time through the tempo map and the
 * realtime driver, and sends the notes of one tick as one burst (note-offs first, then lowest
 * note first).
 */
import type { System } from "../core/system.ts";
import type { MidiOutput } from "../midi/midi-output.ts";
import { fromPerformanceNow } from "./clock.ts";
import { openOutput, type LivePortOptions, type OpenOutput, type OutputLink } from "./open-output.ts";
import type { OutputStats } from "./protocol.ts";

export class LivePort implements MidiOutput {
  private pending = new Map<number, number[][]>();
  private flushing = false;
  readonly description: string;
  private readonly link: OutputLink;

  constructor(
    private readonly system: System,
    private readonly output: OpenOutput,
  ) {
    this.link = output.link;
    this.description = output.description;
  }

  /** Open the port the options name, for `system`; rejects with a one-line reason when there is none. */
  static async open(system: System, o: LivePortOptions): Promise<LivePort> {
    return new LivePort(system, await openOutput(o));
  }

  /** Wall-clock time (the output thread's clock) of a tick. */
  timeOf(tick: number): number {
    const driver = this.system.realtime;
    if (!driver) throw new Error("a live port needs the realtime clock");
    return fromPerformanceNow(driver.wallMsAt(this.system.timeline.tempo.toSeconds(tick)));
  }

  send(tick: number, bytes: readonly number[]): void {
    // Collected until the current instant's work is done, so a chord goes out as one burst.
    let list = this.pending.get(tick);
    if (!list) this.pending.set(tick, (list = []));
    list.push([...bytes]);
    if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => this.flush());
    }
  }

  get latencyMs(): number {
    return this.link.latencyMs;
  }

  /** Change the output latency during a set: it glides, no message is reordered or jumps. */
  setLatency(ms: number): void {
    this.link.setLatency(ms);
  }

  /** How the output thread's timing is doing (see describeOutputTiming). */
  stats(): Promise<OutputStats> {
    return this.link.stats();
  }

  /** Note-offs for everything sounding and All Notes Off on every channel, now. */
  panic(): void {
    this.flush();
    this.link.panic();
  }

  async close(): Promise<void> {
    this.flush();
    await this.output.close();
  }

  private flush(): void {
    this.flushing = false;
    const batches = [...this.pending].sort((a, b) => a[0] - b[0]);
    this.pending.clear();
    for (const [tick, messages] of batches) {
      if (messages.length === 1) this.link.send(this.timeOf(tick), messages[0]!);
      else this.link.sendMany(this.timeOf(tick), messages);
    }
  }
}
