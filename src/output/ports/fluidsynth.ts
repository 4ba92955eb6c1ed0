/**
 * FluidSynth as a child process in server mode, for hearing magicbus with no DAW. Each run gets a
 * fresh TCP port (a closed one cannot be rebound for about a minute). It is stopped with SIGTERM
 * (it ignores SIGINT), also when this process exits. With `outFile` it writes raw audio
 * (s16 little-endian, stereo, `sampleRate` Hz) instead of using the sound card: FluidSynth leaves a
 * WAV header broken when terminated, a raw file has none to break.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, createServer } from "node:net";

export const FLUIDSYNTH_HINT =
  "FluidSynth is not installed: apt-get install fluidsynth timgm6mb-soundfont (Debian/Ubuntu) or brew install fluid-synth (macOS)";

/** General MIDI soundfonts where Debian and Homebrew put them, best first. */
export const SOUNDFONT_CANDIDATES = [
  "/usr/share/sounds/sf2/FluidR3_GM.sf2",
  "/usr/share/sounds/sf2/TimGM6mb.sf2",
  "/usr/share/sounds/sf2/default-GM.sf2",
  "/usr/share/soundfonts/default.sf2",
  "/opt/homebrew/share/soundfonts/default.sf2",
  "/usr/local/share/soundfonts/default.sf2",
];

export interface FluidSynthOptions {
  soundfont?: string;
  /** Write raw audio here instead of playing it. */
  outFile?: string;
  gain?: number;
  sampleRate?: number;
  /** How long to wait for the shell to accept connections (ms). */
  startTimeoutMs?: number;
  /** The executable (default "fluidsynth" on PATH). */
  command?: string;
}

export class FluidSynthServer {
  private exited: Promise<void>;
  private readonly onExit = () => this.child.kill("SIGTERM");

  private constructor(
    private readonly child: ChildProcess,
    /** The shell's TCP port on 127.0.0.1. */
    readonly port: number,
    readonly soundfont: string,
    readonly sampleRate: number,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    process.once("exit", this.onExit);
  }

  static async start(o: FluidSynthOptions = {}): Promise<FluidSynthServer> {
    // Whether it is installed comes first: a performer without it needs that, not a soundfont hint.
    if (!fluidsynthInstalled(o.command)) throw new Error(FLUIDSYNTH_HINT);
    const soundfont = o.soundfont ?? findSoundfont();
    if (!soundfont) throw new Error(`no General MIDI soundfont found (looked in ${SOUNDFONT_CANDIDATES.join(", ")}); name one with --soundfont`);
    if (!existsSync(soundfont)) throw new Error(`soundfont not found: ${soundfont}`);
    const port = await freePort();
    const sampleRate = o.sampleRate ?? 44100;
    const args = ["-n", "-s", "-i", "-q", "-g", String(o.gain ?? 1.0), "-r", String(sampleRate), "-o", `shell.port=${port}`];
    if (o.outFile) args.push("-a", "file", "-o", `audio.file.name=${o.outFile}`, "-o", "audio.file.type=raw", "-o", "audio.file.format=s16", "-o", "audio.file.endian=little");
    args.push(soundfont);
    const child = spawn(o.command ?? "fluidsynth", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const failed = new Promise<never>((_, reject) => {
      child.once("error", (err: NodeJS.ErrnoException) => reject(new Error(err.code === "ENOENT" ? FLUIDSYNTH_HINT : `fluidsynth: ${err.message}`)));
      child.once("exit", (code, signal) => reject(new Error(`fluidsynth exited (${signal ?? code}) before it was ready: ${stderr.trim().split("\n").pop() ?? ""}`)));
    });
    failed.catch(() => {});
    try {
      await Promise.race([waitForPort(port, o.startTimeoutMs ?? 10_000), failed]);
    } catch (err) {
      child.kill("SIGTERM");
      throw err;
    }
    return new FluidSynthServer(child, port, soundfont, sampleRate);
  }

  /** SIGTERM, and wait for it to exit (SIGKILL after `graceMs`). */
  async stop(graceMs = 3000): Promise<void> {
    process.off("exit", this.onExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Is the FluidSynth program on PATH (or `command`)? */
export function fluidsynthInstalled(command = "fluidsynth"): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).error === undefined;
}

export function findSoundfont(): string | undefined {
  return SOUNDFONT_CANDIDATES.find((p) => existsSync(p));
}

/** A TCP port the OS has just handed out on 127.0.0.1, so not one a previous run left in TIME_WAIT. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: "127.0.0.1", port });
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`fluidsynth did not open its shell on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
