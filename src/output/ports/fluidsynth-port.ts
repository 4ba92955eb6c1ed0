/**
 * A port that plays through a running FluidSynth's shell over TCP, on 127.0.0.1 only (FluidSynth
 * listens on every interface; we never connect anywhere else). Messages with no shell command
 * (clock, aftertouch…) are skipped and counted.
 */
import { connect, type Socket } from "node:net";
import { toShellLine } from "./fluidsynth-shell.ts";
import type { MidiPort } from "./midi-port.ts";

export class FluidSynthPort implements MidiPort {
  lost: string | undefined;
  /** Messages with no FluidSynth shell command. */
  skipped = 0;

  private constructor(
    private readonly socket: Socket,
    readonly name: string,
  ) {
    socket.setNoDelay(true);
    socket.on("data", () => {}); // replies and prompts: read and drop, so the synth never blocks on us
    socket.on("error", (err) => (this.lost ??= `fluidsynth connection error: ${err.message}`));
    socket.on("close", () => (this.lost ??= "fluidsynth closed the connection"));
  }

  /** Connect to FluidSynth's shell on 127.0.0.1:`port`. */
  static open(port: number, timeoutMs = 3000): Promise<FluidSynthPort> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`fluidsynth on 127.0.0.1:${port} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new FluidSynthPort(socket, `fluidsynth 127.0.0.1:${port}`));
      });
      socket.once("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot reach fluidsynth on 127.0.0.1:${port}: ${err.message}`));
      });
    });
  }

  send(bytes: readonly number[]): void {
    if (this.lost) throw new Error(this.lost);
    const line = toShellLine(bytes);
    if (line === undefined) {
      this.skipped++;
      return;
    }
    this.socket.write(`${line}\n`);
  }

  /** Hold the lines of a burst, so that a chord goes to the synth in one write. */
  startBurst(): void {
    this.socket.cork();
  }

  endBurst(): void {
    this.socket.uncork();
  }

  close(): void {
    this.socket.end();
  }
}
