/**
 * Where the audio device's clock stands against the output clock (nowMs), and how it drifts.
 *
 * The audio context's `currentTime` advances in steps, one render quantum at a time, whenever the
 * device asks for audio — so a reading `nowMs − currentTime` is the true offset plus however long
 * ago the last step was. The smallest readings are the ones taken just after a step: the offset is
 * the minimum over a recent window. The device's crystal and the CPU's run at slightly different
 * rates (tens of parts per million), so that minimum creeps over a long set; the offset in use
 * follows it at a bounded rate, so onsets never jump, and the creep is reported as drift.
 *
 * The device's clock is read first and the output clock after it (`read`): a thread interrupted
 * between the two readings then makes a reading too large, which the minimum ignores. The other
 * order made it too small, and the minimum kept it: on a loaded CI machine one note in a 10 s set
 * sounded 1.25 ms early until the window forgot the reading.
 */

export interface AudioClockOptions {
  /** How long a window the minimum is taken over (ms). */
  windowMs?: number;
  /** The fastest the offset in use may move (ms per second of set): well above any real drift. */
  slewMsPerSecond?: number;
}

export class AudioClock {
  /** The offset in use: nowMs = audio ms + offset. */
  private used: number | undefined;
  private readonly windowMs: number;
  private readonly slew: number;
  /** Minima of the current and the previous window (two, so a fresh window never forgets too much). */
  private current = { from: -Infinity, min: Infinity };
  private previous = Infinity;
  private lastAt: number | undefined;
  /** The first settled estimate, to measure the drift against. */
  private first: { at: number; offset: number } | undefined;

  constructor(o: AudioClockOptions = {}) {
    this.windowMs = o.windowMs ?? 1000;
    this.slew = o.slewMsPerSecond ?? 2;
  }

  /** Reads the device's clock, then the output clock (see above for why in this order); returns the device's time (s). */
  read(device: { readonly currentTime: number }, now: () => number): number {
    const audioSeconds = device.currentTime;
    this.observe(now(), audioSeconds);
    return audioSeconds;
  }

  /** A reading: the output clock `now` (ms) and the audio context's time (s) at that moment. */
  observe(now: number, audioSeconds: number): void {
    const reading = now - audioSeconds * 1000;
    if (now - this.current.from >= this.windowMs) {
      this.previous = this.current.min;
      this.current = { from: now, min: Infinity };
    }
    if (reading < this.current.min) this.current.min = reading;
    const estimate = Math.min(this.current.min, this.previous);
    if (this.used === undefined) this.used = estimate;
    else {
      const step = this.slew * ((now - (this.lastAt ?? now)) / 1000);
      this.used += Math.max(-step, Math.min(step, estimate - this.used));
    }
    this.lastAt = now;
    if (this.first === undefined && Number.isFinite(this.previous)) this.first = { at: now, offset: this.used };
  }

  /** Use the best estimate so far at once (at start, before any note: no slew is needed). */
  settle(): void {
    this.used = Math.min(this.current.min, this.previous);
  }

  /** The output-clock time (ms) of an audio time (s). */
  toNow(audioSeconds: number): number {
    return audioSeconds * 1000 + this.offset;
  }

  /** The audio time (s) of an output-clock time (ms). */
  toAudio(now: number): number {
    return (now - this.offset) / 1000;
  }

  get offset(): number {
    if (this.used === undefined) throw new Error("the audio clock has had no reading yet");
    return this.used;
  }

  /** How fast the audio clock runs against the output clock, in parts per million (+: the device is slow). */
  get driftPpm(): number {
    if (this.first === undefined || this.lastAt === undefined || this.lastAt - this.first.at < 5000) return 0;
    return ((this.offset - this.first.offset) / (this.lastAt - this.first.at)) * 1e6;
  }
}
