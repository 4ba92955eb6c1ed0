/**
 * The live port: the sink's `output` in a live set. The sink's messages are stamped in ticks; the
 * port turns each tick into the output thread's wall-clock time through the tempo map and the
 * realtime driver, and sends the notes of one tick as one burst (note-offs first, then lowest
 * note first).
 */
import type { System } from "../core/system.ts";
import { PPQ } from "../core/time.ts";
import type { MidiOutput, PlayedNote } from "../midi/midi-output.ts";
import { fromPerformanceNow } from "./clock.ts";
import { openOutput, type LivePortOptions, type OpenOutput, type OutputLink } from "./open-output.ts";
import type { SoundNote } from "./osc/sound-note.ts";
import type { OutputStats } from "./protocol.ts";

export class LivePort implements MidiOutput {
  private pending = new Map<number, number[][]>();
  /** Whole notes by onset tick, for an output that wants them (OSC). */
  private pendingNotes = new Map<number, SoundNote[]>();
  private flushing = false;
  readonly description: string;
  private readonly link: OutputLink;

  constructor(
    private readonly system: System,
    private readonly output: OpenOutput,
    /** A cycle (SuperDirt's unit of time) is one bar of this many beats. */
    private readonly beatsPerBar = 4,
  ) {
    this.link = output.link;
    this.description = output.description;
  }

  /** Open the port the options name, for `system`; rejects with a one-line reason when there is none. */
  static async open(system: System, o: LivePortOptions, beatsPerBar = 4): Promise<LivePort> {
    return new LivePort(system, await openOutput(o), beatsPerBar);
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

  /** A whole note at its onset: the musical views of its tick are taken here, where the tempo map is. */
  note(tick: number, n: PlayedNote): void {
    if (!this.link.wantsNotes) return;
    const tempo = this.system.timeline.tempo;
    const bpm = tempo.bpmAt(tick);
    const beat = tick / PPQ;
    const sound: SoundNote = {
      pitch: n.pitch,
      velocity: n.velocity,
      channel: n.channel,
      gateBeats: n.lengthTicks / PPQ,
      durationS: tempo.toSeconds(tick + n.lengthTicks) - tempo.toSeconds(tick),
      cycle: beat / this.beatsPerBar,
      beat,
      bpm,
      cps: bpm / 60 / this.beatsPerBar,
      ...(n.source !== undefined ? { source: n.source } : {}),
      meta: n.meta,
    };
    let list = this.pendingNotes.get(tick);
    if (!list) this.pendingNotes.set(tick, (list = []));
    list.push(sound);
    if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => this.flush());
    }
  }

  get latencyMs(): number {
    return this.link.latencyMs;
  }

  /** How early the output wants each message before it sounds (ms), see OutputLink.leadMs. */
  get leadMs(): number {
    return this.link.leadMs ?? 0;
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

  /** Close the output; what is stamped up to `endTick` sounds first (the set's last notes), the rest is dropped. */
  async close(endTick?: number): Promise<void> {
    this.flush();
    await this.output.close(endTick === undefined ? undefined : this.timeOf(endTick));
  }

  private flush(): void {
    this.flushing = false;
    const batches = [...this.pending].sort((a, b) => a[0] - b[0]);
    this.pending.clear();
    for (const [tick, messages] of batches) {
      if (messages.length === 1) this.link.send(this.timeOf(tick), messages[0]!);
      else this.link.sendMany(this.timeOf(tick), messages);
    }
    if (this.pendingNotes.size === 0) return;
    const notes = [...this.pendingNotes].sort((a, b) => a[0] - b[0]);
    this.pendingNotes.clear();
    for (const [tick, list] of notes) this.link.notes?.(this.timeOf(tick), list);
  }
}
