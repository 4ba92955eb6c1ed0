/**
 * A port that survives its device going away mid-set: when a send fails (or the port says it is
 * lost) it reports once, drops messages while the device is gone, and tries to reopen it every
 * `retryMs` until it is back — then reports that too. The set goes on.
 */
import type { MidiPort } from "./midi-port.ts";

export interface ReconnectingOptions {
  retryMs?: number;
  report?: (message: string) => void;
  /** Timers are injected so tests need not wait. */
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void } | unknown;
}

export class ReconnectingPort implements MidiPort {
  private port: MidiPort | undefined;
  /** The port a burst was started on: the one to end it on, even if it was replaced meanwhile. */
  private inBurst: MidiPort | undefined;
  private retrying = false;
  private closed = false;
  /** Reopen attempts since the port went away. */
  attempts = 0;
  /** Times the port went away. */
  losses = 0;

  constructor(
    private readonly open: () => Promise<MidiPort>,
    readonly name: string,
    private readonly options: ReconnectingOptions = {},
  ) {}

  /** Open the first time; throws if that fails (a port that never existed is an error, not a loss). */
  async start(): Promise<this> {
    this.port = await this.open();
    return this;
  }

  get lost(): string | undefined {
    return this.port ? undefined : `${this.name} is gone; reconnecting`;
  }

  /** The port in use now (undefined while reconnecting). */
  get current(): MidiPort | undefined {
    return this.port;
  }

  /** The lead of the port it opened (fixed when it first opens; a reopened port has the same kind). */
  get leadMs(): number {
    return this.port?.leadMs ?? 0;
  }

  send(bytes: readonly number[], atMs?: number): void {
    const p = this.port;
    if (p && p.lost === undefined) {
      try {
        p.send(bytes, atMs);
        return;
      } catch (err) {
        this.drop(p, (err as Error).message);
      }
    } else if (p) this.drop(p, p.lost!);
    throw new Error(this.lost);
  }

  startBurst(): void {
    this.inBurst = this.port;
    this.inBurst?.startBurst?.();
  }

  endBurst(): void {
    const p = this.inBurst;
    this.inBurst = undefined;
    try {
      p?.endBurst?.();
    } catch (err) {
      if (p !== undefined && p === this.port) this.drop(p, (err as Error).message);
    }
  }

  close(): void {
    this.closed = true;
    this.port?.close();
    this.port = undefined;
  }

  private drop(p: MidiPort, why: string): void {
    this.port = undefined;
    this.losses++;
    try {
      p.close();
    } catch {
      // already gone
    }
    this.say(`${this.name} disappeared (${why}); retrying every ${this.retryMs} ms, the set goes on`);
    this.scheduleRetry();
  }

  private get retryMs(): number {
    return this.options.retryMs ?? 1000;
  }

  private scheduleRetry(): void {
    if (this.retrying || this.closed) return;
    this.retrying = true;
    const timer = (this.options.setTimer ?? setTimeout)(() => void this.retry(), this.retryMs) as { unref?: () => void };
    timer?.unref?.();
  }

  private async retry(): Promise<void> {
    this.retrying = false;
    if (this.closed) return;
    this.attempts++;
    try {
      const p = await this.open();
      if (this.closed) return p.close();
      this.port = p;
      this.say(`${this.name} is back after ${this.attempts} attempt${this.attempts === 1 ? "" : "s"}`);
      this.attempts = 0;
    } catch {
      this.scheduleRetry();
    }
  }

  private say(message: string): void {
    this.options.report?.(`output: ${message}`);
  }
}
