/**
 * A General MIDI synth that plays each message at an exact audio frame. spessasynth_core renders
 * in blocks and applies a message at the start of the next block, which alone would put onsets up
 * to a block (2.7 ms at 48 kHz) late; here a block is split at every message's frame, so a
 * note-on sounds on the very frame it was given. Offline rendering and the live synth thread both
 * drive this class: the first with every message known in advance, the second as they arrive.
 */
import { SoundBankLoader, SpessaSynthProcessor, type BasicSoundBank } from "spessasynth_core";

/** A MIDI message for an audio frame. */
interface Timed {
  frame: number;
  bytes: readonly number[];
  /** Arrival order: messages for one frame keep it. */
  seq: number;
}

/** The largest block spessasynth renders in one call. */
const BLOCK = 128;

export class FrameSynth {
  /** The next frame `render` produces. */
  frame = 0;
  /** Messages not yet played, in frame order, from `head` on (a queue that does not shift). */
  private pending: Timed[] = [];
  private head = 0;
  private seq = 0;
  /** Note-ons that came after their frame was rendered (played at once, late). */
  late = 0;
  /** How late the latest of them was (ms): a few ms is a hop delayed, tens a thread starved. */
  lateMaxMs = 0;

  private constructor(
    private readonly synth: SpessaSynthProcessor,
    private readonly bank: BasicSoundBank,
    readonly sampleRate: number,
  ) {}

  /**
   * A synth at `sampleRate` playing the soundfont in `bank` (the file's bytes). `effects`: reverb
   * and chorus (default on); off, rendering costs less.
   */
  static async create(bank: ArrayBuffer, sampleRate = 48_000, o: { effects?: boolean } = {}): Promise<FrameSynth> {
    const synth = new SpessaSynthProcessor(sampleRate, { eventsEnabled: false, maxBufferSize: BLOCK, effectsEnabled: o.effects ?? true });
    const parsed = SoundBankLoader.fromArrayBuffer(bank);
    synth.soundBankManager.addSoundBank(parsed, "main");
    await synth.processorInitialized;
    return new FrameSynth(synth, parsed, sampleRate);
  }

  /** Play `bytes` (one MIDI message) at `frame`. */
  at(frame: number, bytes: readonly number[]): void {
    const f = Math.max(Math.round(frame), this.frame);
    // A late note-on is heard late; a late note-off (the end of a set, stamped at its last tick) is not worth counting.
    if (frame < this.frame - 0.5 && (bytes[0]! & 0xf0) === 0x90 && bytes[2]! > 0) {
      this.late++;
      this.lateMaxMs = Math.max(this.lateMaxMs, ((this.frame - frame) / this.sampleRate) * 1000);
    }
    const item = { frame: f, bytes, seq: this.seq++ };
    // Messages come nearly in order: insert from the end.
    let i = this.pending.length;
    while (i > this.head && this.pending[i - 1]!.frame > f) i--;
    this.pending.splice(i, 0, item);
  }

  /** Is a message waiting for a frame before `frame`? */
  dueBefore(frame: number): boolean {
    return this.head < this.pending.length && this.pending[this.head]!.frame < frame;
  }

  /** Messages waiting for their frame. */
  get waiting(): number {
    return this.pending.length - this.head;
  }

  /** Render the next `count` frames into `left` and `right` from `offset` (the arrays are added to: clear them first). */
  render(left: Float32Array, right: Float32Array, count = left.length, offset = 0): void {
    const end = this.frame + count;
    let i = offset;
    const q = this.pending;
    while (this.frame < end) {
      while (this.head < q.length && q[this.head]!.frame <= this.frame) this.apply(q[this.head++]!.bytes);
      const next = this.head < q.length ? Math.min(q[this.head]!.frame, end) : end;
      const n = Math.min(next - this.frame, BLOCK);
      this.synth.process(left, right, i, n);
      i += n;
      this.frame += n;
    }
    if (this.head > 1024 && this.head * 2 > q.length) {
      this.pending = q.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Decode the samples of a General MIDI program (or a drum kit) now. A soundfont's samples are
   * compressed and decoded on their first note, which takes up to 60 ms for one sample: in a live
   * set that is a dropout. Returns the milliseconds it took.
   */
  preload(program: number, drums: boolean): number {
    const t0 = performance.now();
    for (const preset of this.bank.presets) {
      if (preset.program !== program || preset.isGMGSDrum !== drums || (!drums && preset.bankMSB !== 0)) continue;
      for (const zone of preset.zones) for (const iz of zone.instrument.zones) iz.sample.getAudioData();
    }
    return performance.now() - t0;
  }

  /**
   * Render a few notes into nothing and return to silence at frame 0: the first real blocks then
   * run compiled code, not the interpreter (the first live chunks would otherwise miss the device).
   */
  warmUp(): void {
    const scratch = new Float32Array(BLOCK);
    for (const bytes of [[0x90, 60, 100], [0x99, 36, 100], [0x99, 42, 100]]) this.apply(bytes);
    for (let i = 0; i < 200; i++) this.synth.process(scratch, scratch.slice(), 0, BLOCK);
    for (let ch = 0; ch < 16; ch++) this.apply([0xb0 | ch, 120, 0]);
    for (let i = 0; i < 4; i++) this.synth.process(scratch, scratch.slice(), 0, BLOCK);
    this.frame = 0;
  }

  /** Forget the note-ons waiting on `channel` (a panic: what was sent ahead must not sound after it). */
  cancel(channel: number): void {
    const keep = this.pending.slice(this.head).filter((m) => !((m.bytes[0]! & 0xf0) === 0x90 && (m.bytes[0]! & 0x0f) === channel));
    this.pending = keep;
    this.head = 0;
  }

  /** Voices sounding now. */
  get voices(): number {
    return this.synth.voiceCount;
  }

  private apply(bytes: readonly number[]): void {
    const status = bytes[0]! & 0xf0;
    const ch = bytes[0]! & 0x0f;
    switch (status) {
      case 0x90:
        if (bytes[2]! > 0) this.synth.noteOn(ch, bytes[1]!, bytes[2]!);
        else this.synth.noteOff(ch, bytes[1]!);
        return;
      case 0x80:
        this.synth.noteOff(ch, bytes[1]!);
        return;
      case 0xb0:
        this.synth.controllerChange(ch, bytes[1]! as never, bytes[2]!);
        return;
      case 0xc0:
        this.synth.programChange(ch, bytes[1]!);
        return;
      case 0xe0:
        this.synth.pitchWheel(ch, bytes[1]! | (bytes[2]! << 7));
        return;
      case 0xd0:
        this.synth.channelPressure(ch, bytes[1]!);
        return;
      case 0xa0:
        this.synth.polyPressure(ch, bytes[1]!, bytes[2]!);
        return;
      // System messages (clock, start, stop…) make no sound.
    }
  }
}
