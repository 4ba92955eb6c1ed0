/**
 * Where the daemon's REPL socket lives and how it is made safe: a directory only its owner can
 * enter (0700, refused when someone else owns it or can write to it), the socket itself 0600,
 * a stale socket from a crashed daemon replaced, a live one left alone.
 */
import { lstatSync, mkdirSync, unlinkSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** $XDG_RUNTIME_DIR/magicbus/daemon.sock, else $TMPDIR/magicbus-<uid>/daemon.sock. */
export function defaultSocketPath(): string {
  const runtime = process.env.XDG_RUNTIME_DIR;
  if (runtime) return join(runtime, "magicbus", "daemon.sock");
  return join(tmpdir(), `magicbus-${process.getuid?.() ?? "user"}`, "daemon.sock");
}

export class SocketPathError extends Error {}

/** Unix socket paths are limited to about 104 bytes (sun_path); say so instead of failing obscurely. */
const MAX_SOCKET_PATH = 103;

/** Create (0700) or check the socket's directory. */
export function secureDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new SocketPathError(`${dir} is not a directory (a symlink is not trusted)`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new SocketPathError(`${dir} belongs to another user (uid ${st.uid}); refusing to put the REPL socket there`);
  if ((st.mode & 0o022) !== 0) {
    throw new SocketPathError(`${dir} is writable by group or others (mode ${(st.mode & 0o777).toString(8)}); run \`chmod 700 ${dir}\` or choose another --socket`);
  }
}

/** Is a server answering on this socket? */
export function isListening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** Make `path` ready to listen on: its directory secure, a stale socket removed, a live one refused. */
export async function prepareSocketPath(path: string): Promise<void> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) throw new SocketPathError(`socket path is too long (${Buffer.byteLength(path)} bytes, at most ${MAX_SOCKET_PATH}): ${path}`);
  secureDirectory(dirname(path));
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new SocketPathError(`${path} exists and is not a socket; not touching it`);
  if (await isListening(path)) throw new SocketPathError(`a daemon is already running at ${path}`);
  unlinkSync(path);
}
