/** Attaching to the daemon's REPL: the Unix socket, the TCP variant, and the `magicbus repl` client. */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, linkSync, lstatSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ReplEvaluator } from "../../../src/live/repl/evaluator.ts";
import { ReplSession } from "../../../src/live/repl/conversation.ts";
import { attach, attachTcp, defaultSocketPath, type AttachStreams } from "../../../src/live/repl/socket-client.ts";
import { ReplServer, type ClientStreams } from "../../../src/live/repl/socket-server.ts";
import { askTab, readTab } from "../../../src/live/repl/remote-tab.ts";

const servers: ReplServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const tempDir = () => mkdtempSync(join(tmpdir(), "mb-sock-"));

/** A TCP port nothing listens on (just released by the kernel). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A server whose sessions share `scope` and record each entry in `lines`. */
function sessions(scope: Record<string, unknown> = {}) {
  const lines: string[] = [];
  let opened = 0;
  const onClient = (io: ClientStreams) => {
    opened++;
    return new ReplSession({
      ...io,
      terminal: false,
      evaluator: new ReplEvaluator(() => scope),
      commands: { nodes: { help: "list nodes", run: (_args, out) => out.print("arp euc") } },
      onLine: (l) => lines.push(l),
    });
  };
  return { onClient, lines, opened: () => opened };
}

async function listen(path: string, scope?: Record<string, unknown>) {
  const s = sessions(scope);
  const server = await ReplServer.listen(path, s.onClient);
  servers.push(server);
  return { server, ...s };
}

/** A raw client: write lines, wait for output that matches. */
function client(target: string | { port: number }) {
  const socket: Socket = typeof target === "string" ? createConnection(target) : createConnection({ host: "127.0.0.1", port: target.port });
  let text = "";
  let notify = () => {};
  socket.on("data", (d) => {
    text += d.toString();
    notify();
  });
  const closed = new Promise<void>((r) => socket.on("close", () => r()));
  socket.on("close", () => notify());
  const until = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(text)) resolve(text);
        else if (socket.destroyed) reject(new Error(`closed before ${pattern}; got ${JSON.stringify(text)}`));
      };
      notify = check;
      check();
    });
  const connected = new Promise<void>((r, j) => socket.once("connect", r).once("error", j));
  return { socket, until, closed, connected, send: (s: string) => socket.write(s), text: () => text };
}

describe("ReplServer on a Unix socket", () => {
  it("creates its directory 0700 and the socket 0600, and removes the socket on close", async () => {
    const path = join(tempDir(), "run", "daemon.sock");
    const { server } = await listen(path);
    expect(server.path).toBe(path);
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    expect(lstatSync(path).isSocket()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await server.close();
    expect(existsSync(path)).toBe(false);
  });

  it("refuses a directory that others can write to or that belongs to someone else", async () => {
    const open = tempDir();
    chmodSync(open, 0o777);
    await expect(ReplServer.listen(join(open, "d.sock"), sessions().onClient)).rejects.toThrow(/writable by group or others/);
    chmodSync(open, 0o720);
    await expect(ReplServer.listen(join(open, "d.sock"), sessions().onClient)).rejects.toThrow(/writable by group or others/);
    expect(existsSync(join(open, "d.sock"))).toBe(false);
    // Someone else's directory: root's "/" for an ordinary user; for root, a directory given away.
    let foreign = "/";
    if (process.getuid!() === 0) {
      foreign = tempDir();
      const { chownSync } = await import("node:fs");
      chownSync(foreign, 4242, 4242);
    }
    await expect(ReplServer.listen(join(foreign, "magicbus-test.sock"), sessions().onClient)).rejects.toThrow(/belongs to another user/);
  });

  it("serves several clients at once, each with its own session", async () => {
    const path = join(tempDir(), "d.sock");
    const { server, opened } = await listen(path, { shared: { hits: 0 } });
    const a = client(path);
    const b = client(path);
    await Promise.all([a.connected, b.connected]);
    a.send("const mine = 'a'; ++shared.hits\n");
    await a.until(/^1\n$/);
    b.send("typeof mine\n++shared.hits\n.nodes\n");
    await b.until(/^'undefined'\n2\narp euc\n$/);
    expect(server.clients()).toBe(2);
    expect(opened()).toBe(2);
    a.send("mine\n");
    await a.until(/^1\n'a'\n$/);
    a.socket.end();
    await a.closed;
    b.socket.destroy();
    await b.closed;
  });

  it("a client that drops mid-line harms nothing: the partial line is not run, the server goes on", async () => {
    const path = join(tempDir(), "d.sock");
    const marks: string[] = [];
    const { server, lines } = await listen(path, { mark: (m: string) => marks.push(m) });
    const first = client(path);
    first.send("mark('whole')\n");
    await first.until(/^1\n$/);
    first.send("mark('partial')");
    first.socket.destroy();
    await first.closed;
    const second = client(path);
    second.send("mark('next')\n");
    await second.until(/^2\n$/);
    expect(marks).toEqual(["whole", "next"]);
    expect(lines).toEqual(["mark('whole')", "mark('next')"]);
    second.socket.destroy();
    await second.closed;
    expect(server.path).toBe(path);
  });

  it("answers everything a client sent before it half-closed, then ends the connection", async () => {
    const path = join(tempDir(), "d.sock");
    await listen(path, { later: (v: unknown) => new Promise((r) => setImmediate(() => r(v))) });
    const c = client(path);
    c.send("await later('slow')\n'fast'\n");
    c.socket.end();
    await c.closed;
    expect(c.text()).toBe("'slow'\n'fast'\n");
  });

  it("replaces a stale socket left by a daemon that died, and refuses a live one", async () => {
    const dir = tempDir();
    const path = join(dir, "d.sock");
    // Make a socket file nobody listens on: a hard link to a live socket outlives its server.
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(path, r));
    linkSync(path, join(dir, "keep"));
    await new Promise<void>((r) => dead.close(() => r()));
    renameSync(join(dir, "keep"), path);
    expect(lstatSync(path).isSocket()).toBe(true);

    await listen(path);
    const c = client(path);
    c.send("6 * 7\n");
    await c.until(/^42\n$/);
    c.socket.destroy();

    await expect(ReplServer.listen(path, sessions().onClient)).rejects.toThrow(`a daemon is already running at ${path}`);
  });

  it("does not touch a file at the socket path that is not a socket", async () => {
    const path = join(tempDir(), "d.sock");
    writeFileSync(path, "precious");
    await expect(ReplServer.listen(path, sessions().onClient)).rejects.toThrow(/is not a socket/);
    expect(readFileSync(path, "utf8")).toBe("precious");
  });

  it("defaultSocketPath lives in the runtime directory, else in a per-user temp directory", () => {
    const saved = process.env.XDG_RUNTIME_DIR;
    try {
      process.env.XDG_RUNTIME_DIR = "/run/user/1000";
      expect(defaultSocketPath()).toBe("/run/user/1000/magicbus/daemon.sock");
      delete process.env.XDG_RUNTIME_DIR;
      expect(defaultSocketPath()).toBe(join(tmpdir(), `magicbus-${process.getuid!()}`, "daemon.sock"));
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
    }
  });
});

describe("ReplServer over TCP", () => {
  it("listens on 127.0.0.1 only and needs the token as the first line", async () => {
    const s = sessions();
    const server = await ReplServer.listenTcp(0, "s3cret-token", s.onClient);
    servers.push(server);
    expect(server.path).toBe(`127.0.0.1:${server.port}`);
    expect((server["server"].address() as { address: string }).address).toBe("127.0.0.1");

    const wrong = client({ port: server.port! });
    wrong.send("guess\n1 + 1\n");
    await wrong.closed;
    expect(wrong.text()).toBe("magicbus: wrong token\n");

    const right = client({ port: server.port! });
    right.send("s3cret-token\n1 + 1\n");
    await right.until(/^2\n$/);
    expect(s.opened()).toBe(1);
    right.socket.destroy();

    // Any other address of this machine is refused.
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
    if (external) {
      const err = await new Promise<NodeJS.ErrnoException>((r) => createConnection({ host: external.address, port: server.port! }).on("error", r));
      expect(err.code).toBe("ECONNREFUSED");
    }
  });

  it("refuses to start without a token", async () => {
    await expect(ReplServer.listenTcp(0, "", sessions().onClient)).rejects.toThrow(/token/);
  });
});

describe("attach (the client)", () => {
  it("completes with Tab from the daemon's names (a second terminal has none of its own); the answer is never printed", async () => {
    const path = join(tempDir(), "d.sock");
    const { lines } = await listen(path, { arpeggio: 1, drums: 2 });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    const seen = (pattern: RegExp) => new Promise<void>((r) => (pattern.test(text) ? r() : output.on("data", () => pattern.test(text) && r())));
    output.on("data", (d) => (text += d));
    const done = attach(path, { input, output, terminal: true, errors: new PassThrough() });
    await seen(/› /);
    input.write("arpe\t");
    await seen(/arpeggio/);
    input.write(" + 1\n");
    await seen(/\D2\n/);
    expect(lines).toEqual(["arpeggio + 1"]); // the completed line, and no Tab request, reached the session
    expect(text).not.toContain("\u0001");
    input.write(".quit\n");
    expect(await done).toBe(0);
  });

  it("answers a Tab request on its own line and passes the lines around it on", async () => {
    const path = join(tempDir(), "d.sock");
    const { lines } = await listen(path, { arpeggio: 1 });
    const c = client(path);
    await c.connected;
    c.send(`1 + 1\n${askTab(".no")}2 + 2\n`);
    await c.until(/\D4\n/);
    await c.until(/\u0001tab .*\n/);
    const answer = c.text().split("\n").find((l) => l.startsWith("\u0001"))!;
    expect(readTab(answer)).toEqual([[".nodes"], ".no"]);
    expect(lines).toEqual(["1 + 1", "2 + 2"]);
    c.socket.destroy();
  });

  it("on a terminal shows its prompt, prints answers above it and detaches on .quit", async () => {
    const path = join(tempDir(), "d.sock");
    const { server } = await listen(path);
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    const seen = new Promise<void>((r) => output.on("data", (d) => ((text += d), /\D42\n/.test(text) && r())));
    const done = attach(path, { input, output, terminal: true, errors: new PassThrough() });
    input.write("6 * 7\n");
    await seen;
    expect(text).toContain("› ");
    input.write(".quit\n");
    expect(await done).toBe(0);
    expect(text).toMatch(/\D42\n/);
    expect(server.path).toBe(path);
  });

  it("on a terminal greets with where it is attached and how to detach, on the socket and over TCP", async () => {
    const path = join(tempDir(), "d.sock");
    await listen(path);
    const tcp = await ReplServer.listenTcp(0, "tok", sessions().onClient);
    servers.push(tcp);
    const targets: [string, (o: AttachStreams) => Promise<number>][] = [
      [path, (o) => attach(path, o)],
      [`127.0.0.1:${tcp.port}`, (o) => attachTcp(tcp.port!, "tok", o)],
    ];
    for (const [where, attachTo] of targets) {
      const input = new PassThrough();
      const output = new PassThrough();
      let text = "";
      const prompted = new Promise<void>((r) => output.on("data", (d) => ((text += d), text.includes("› ") && r())));
      const done = attachTo({ input, output, terminal: true, errors: new PassThrough() });
      await prompted;
      expect(text.split("\n")[0]).toBe(`attached to the daemon at ${where} · .quit or Ctrl-D detaches; the set keeps playing`);
      input.write(".quit\n");
      expect(await done).toBe(0);
    }
  });

  it("greets nobody when its input is piped: stdout is the answers", async () => {
    const sockPath = join(tempDir(), "d.sock");
    await listen(sockPath);
    const output = new PassThrough();
    let text = "";
    output.on("data", (d) => (text += d));
    const input = new PassThrough();
    const done = attach(sockPath, { input, output, terminal: false, errors: new PassThrough() });
    input.end("6 * 7\n");
    expect(await done).toBe(0);
    expect(text).toBe("42\n");
  });

  it("says in one line that no daemon runs, how to start one, and returns 1", async () => {
    const said = async (attachTo: (o: AttachStreams) => Promise<number>) => {
      const errors = new PassThrough();
      let text = "";
      errors.on("data", (d) => (text += d));
      expect(await attachTo({ input: new PassThrough(), output: new PassThrough(), errors, terminal: false })).toBe(1);
      return text;
    };
    const path = join(tempDir(), "nobody.sock");
    expect(await said((o) => attach(path, o))).toBe(
      `magicbus repl: no daemon is running at ${path}; start one in another terminal with \`npx magicbus live patches/ --socket ${path}\`\n`,
    );
    const runtime = tempDir();
    const previous = process.env.XDG_RUNTIME_DIR;
    process.env.XDG_RUNTIME_DIR = runtime;
    try {
      expect(await said((o) => attach(defaultSocketPath(), o))).toBe(
        `magicbus repl: no daemon is running at ${join(runtime, "magicbus", "daemon.sock")}; start one in another terminal with \`npx magicbus live patches/\` (or \`npm start\`)\n`,
      );
    } finally {
      if (previous === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = previous;
    }
    const closed = await freePort();
    expect(await said((o) => attachTcp(closed, "tok", o))).toBe(
      `magicbus repl: no daemon is running at 127.0.0.1:${closed}; start one in another terminal with \`npx magicbus live patches/ --tcp ${closed}\`\n`,
    );
  });
});

describe("magicbus repl", () => {
  const bin = resolve("src/cli/bin.js");
  const state = tempDir();
  /** Run the CLI as a performer would, feeding stdin; the test's own server answers it. */
  function run(args: string[], stdin: string, keepOpen = false) {
    const child = spawn(process.execPath, [bin, "repl", ...args], { env: { ...process.env, XDG_STATE_HOME: state }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.write(stdin);
    if (!keepOpen) child.stdin.end();
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => {
      child.on("close", (code) => r({ code, stdout, stderr }));
      if (keepOpen) child.on("close", () => child.stdin.destroy());
    });
  }

  it("relays lines to the daemon and answers to stdout; exits 0 at end of input", async () => {
    const path = join(tempDir(), "d.sock");
    const { lines } = await listen(path);
    const r = await run(["--socket", path], "const s: string = 'x'\ns + 1\n.nodes\nnull.y\n");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("undefined\n'x1'\narp euc\nTypeError: Cannot read properties of null (reading 'y')\n");
    expect(r.code).toBe(0);
    expect(lines).toEqual(["const s: string = 'x'", "s + 1", ".nodes", "null.y"]);
  });

  it("exits 0 on .quit while its input is still open, and the daemon keeps serving", async () => {
    const path = join(tempDir(), "d.sock");
    const { server } = await listen(path);
    const r = await run(["--socket", path], "1 + 1\n.quit\n", true);
    expect(r.code).toBe(0);
    const c = client(path);
    c.send("3\n");
    await c.until(/^3\n$/);
    c.socket.destroy();
    expect(server.path).toBe(path);
  });

  it("exits 1 with a hint when no daemon listens", async () => {
    const path = join(tempDir(), "none.sock");
    const r = await run(["--socket", path], "1\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`magicbus repl: no daemon is running at ${path}; start one in another terminal with \`npx magicbus live patches/ --socket ${path}\`\n`);
  });

  it("attaches over TCP with the token; a wrong token exits 1", async () => {
    const s = sessions();
    const server = await ReplServer.listenTcp(0, "tok-123", s.onClient);
    servers.push(server);
    const ok = await run(["--tcp", String(server.port), "--token", "tok-123"], "2 ** 10\n");
    expect(ok).toEqual({ code: 0, stdout: "1024\n", stderr: "" });
    const bad = await run(["--tcp", String(server.port), "--token", "nope"], "1\n", true);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the token/);
  });

  it("bad arguments exit 2 and say what is wrong", async () => {
    const r = await run(["--tcp", "80"], "");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tcp needs --token/);
  });
});
