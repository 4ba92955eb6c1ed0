/**
 * Outside programs a test runs as peers (a JACK server, scsynth, LinkHut): each in a process group
 * of its own (setsid), so that ending the group ends whatever it started too — by its id, never
 * by name. Each remembers what it printed, to show when it fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";

export class Peer {
  out = "";
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (this.out += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (this.out += d));
    this.exited = new Promise((ok) => child.on("exit", (code) => ok(code)));
  }

  /** Wait until its output matches `re` (or it exits, or time runs out: then throw with what it said). */
  async waitFor(re: RegExp, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!re.test(this.out)) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited (${this.child.exitCode}) before ${re}:\n${this.out}`);
      if (Date.now() > end) throw new Error(`${this.name}: timed out waiting for ${re}:\n${this.out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** End its whole process group (or the process alone, when it shares ours). */
  kill(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(this.ownGroup ? -this.child.pid : this.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /**
   * Ask it to end (SIGTERM, so a JACK server or scsynth removes its shared memory: killed, it
   * leaves entries behind that make later servers refuse to start), then kill it after `graceMs`.
   */
  async stop(graceMs = 1500): Promise<void> {
    if (this.child.pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(this.ownGroup ? -this.child.pid : this.child.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs))]);
    this.kill();
  }

  /** Whether it leads a process group of its own. */
  ownGroup = true;
}

/** Start `command` in a process group of its own. */
export function startPeer(name: string, command: string, args: string[], env: Record<string, string> = {}, stdin: "pipe" | "ignore" = "ignore", ownGroup = true): Peer {
  const child = spawn(command, args, { detached: ownGroup, stdio: [stdin, "pipe", "pipe"], env: { ...process.env, ...env } });
  const peer = new Peer(name, child);
  peer.ownGroup = ownGroup;
  return peer;
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A JACK server with no audio hardware (the dummy driver), under a name of its own. */
export async function startDummyJack(serverName: string, ownGroup = true): Promise<Peer> {
  const jack = startPeer("jackd", "jackd", ["-n", serverName, "-d", "dummy", "-r", "48000", "-p", "256"], {}, "ignore", ownGroup);
  await jack.waitFor(/self-connect-mode|JACK server starting/);
  // jackd prints before its socket is ready: give it a moment to accept clients
  await new Promise((r) => setTimeout(r, 300));
  return jack;
}
