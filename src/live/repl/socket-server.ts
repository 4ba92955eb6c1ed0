/**
 * The daemon's side of `magicbus repl`: a Unix domain socket (0600, in a 0700 directory) or, only
 * when asked, a TCP port on 127.0.0.1 whose first line must be the token. Each client gets its own
 * ReplSession, created by the daemon's `onClient`; sessions over a socket run with terminal false
 * (the client does the line editing), so the socket carries plain lines both ways.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { chmodSync, statSync, unlinkSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Transform, Writable, type TransformCallback } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { ReplSession } from "./conversation.ts";
import { answerTab, readTab } from "./remote-tab.ts";
import { prepareSocketPath } from "./socket-path.ts";

export { defaultSocketPath } from "./socket-path.ts";

export interface ClientStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}
export type OnClient = (io: ClientStreams) => ReplSession;

/** A line longer than this (1 MiB) is not a REPL entry: the client is cut off. */
const MAX_LINE = 1 << 20;
/** How long a TCP client has to send its token. */
const TOKEN_TIMEOUT_MS = 10_000;

export class ReplServer {
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<ReplSession>();
  private closing?: Promise<void>;

  private constructor(
    private readonly server: Server,
    /** The socket file, or "127.0.0.1:PORT" for TCP. */
    readonly path: string,
    /** The TCP port (TCP only). */
    readonly port: number | undefined,
    /** The socket file's inode: close() removes the file only if it is still ours. */
    private readonly inode: number | undefined,
  ) {}

  /** Listen on a Unix domain socket; see prepareSocketPath for what is checked first. */
  static async listen(path: string, onClient: OnClient): Promise<ReplServer> {
    await prepareSocketPath(path);
    const server = createServer({ allowHalfOpen: true });
    await listening(server, () => server.listen(path));
    // The directory is 0700 already, so nobody else can reach the socket in the moment before this.
    chmodSync(path, 0o600);
    const repl = new ReplServer(server, path, undefined, statSync(path).ino);
    server.on("connection", (socket) => repl.start(socket, onClient, Buffer.alloc(0)));
    return repl;
  }

  /** Listen on 127.0.0.1:port (0 picks a free one); a client's first line must be `token`, else it is closed. */
  static async listenTcp(port: number, token: string, onClient: OnClient): Promise<ReplServer> {
    if (token.length === 0) throw new Error("a TCP REPL needs a non-empty token");
    const expected = digest(token);
    const server = createServer({ allowHalfOpen: true });
    await listening(server, () => server.listen({ port, host: "127.0.0.1" }));
    const actual = (server.address() as AddressInfo).port;
    const repl = new ReplServer(server, `127.0.0.1:${actual}`, actual, undefined);
    server.on("connection", (socket) => repl.admit(socket, expected, onClient));
    return repl;
  }

  /** Clients connected now. */
  clients(): number {
    return this.sockets.size;
  }

  /** Close every session and connection, stop listening, remove the socket file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const session of this.sessions) session.close();
      for (const socket of this.sockets) socket.destroy();
      await stopped;
      if (this.inode !== undefined) removeIfSame(this.path, this.inode);
    })();
    return this.closing;
  }

  /** TCP: read the first line, compare it with the token in constant time, then start a session. */
  private admit(socket: Socket, expected: Buffer, onClient: OnClient): void {
    socket.on("error", () => {});
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), TOKEN_TIMEOUT_MS);
    timer.unref();
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const newline = received.indexOf(10);
      if (newline < 0) {
        if (received.length > 1024) socket.destroy();
        return;
      }
      socket.off("data", onData);
      socket.pause();
      clearTimeout(timer);
      const token = received.subarray(0, newline).toString("utf8").replace(/\r$/, "");
      if (!timingSafeEqual(digest(token), expected)) {
        socket.end("magicbus: wrong token\n");
        socket.destroySoon();
        return;
      }
      this.start(socket, onClient, received.subarray(newline + 1));
    };
    socket.on("data", onData);
  }

  private start(socket: Socket, onClient: OnClient, already: Buffer): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    // A client that vanishes (ECONNRESET, EPIPE) must not take the daemon down.
    socket.on("error", () => {});
    this.sockets.add(socket);
    let opened: ReplSession | undefined;
    // A Tab request from the client's line editor is answered here; it never reaches the session as a line.
    const tab = (line: string) => {
      const asked = readTab<string>(line);
      if (typeof asked !== "string") return false;
      const reply = (r: [string[], string]) => !socket.destroyed && socket.writable && socket.write(answerTab(r));
      void (opened?.completeLine(asked) ?? Promise.resolve<[string[], string]>([[], asked])).then(reply, () => reply([[], asked]));
      return true;
    };
    const input = new CompleteLines(() => socket.destroy(), tab);
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (!socket.destroyed && socket.writable) socket.write(chunk);
        done();
      },
    });
    try {
      opened = onClient({ input, output });
    } catch {
      socket.destroy();
      return;
    }
    const session = opened;
    this.sessions.add(session);
    // When the session has answered everything (or was closed), the client sees the end of output.
    void session.closed.then(() => {
      this.sessions.delete(session);
      socket.end();
    });
    socket.once("close", () => {
      this.sockets.delete(socket);
      session.close();
    });
    if (already.length > 0) input.write(already);
    socket.pipe(input);
    socket.resume();
  }
}

/**
 * Passes on whole lines only: a client that disconnects mid-line leaves its partial line behind,
 * and it is dropped rather than run.
 */
class CompleteLines extends Transform {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  constructor(
    private readonly overflow: () => void,
    /** Takes a line aside (true: it is not passed on). */
    private readonly aside: (line: string) => boolean = () => false,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.rest + this.decoder.write(chunk);
    const cut = text.lastIndexOf("\n");
    this.rest = cut < 0 ? text : text.slice(cut + 1);
    if (cut >= 0) {
      const lines = text.slice(0, cut + 1).split(/(?<=\n)/).filter((l) => !this.aside(l.replace(/\r?\n$/, "")));
      if (lines.length > 0) this.push(lines.join(""));
    }
    if (this.rest.length > MAX_LINE) {
      this.rest = "";
      this.overflow();
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.rest = "";
    done();
  }
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function listening(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      resolve();
    });
    start();
  });
}

function removeIfSame(path: string, inode: number): void {
  try {
    if (statSync(path).ino === inode) unlinkSync(path);
  } catch {
    // already gone (libuv removes the socket file when the server closes)
  }
}
