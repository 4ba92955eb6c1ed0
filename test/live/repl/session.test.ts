/** A REPL session driven through in-memory streams, as a pipe or a terminal would drive it. */
import { PassThrough } from "node:stream";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReplEvaluator } from "../../../src/live/repl/evaluator.ts";
import { ReplSession, type ReplCommand, type ReplSessionOptions } from "../../../src/live/repl/conversation.ts";

function open(options: Partial<ReplSessionOptions> & { scope?: Record<string, unknown> } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  output.on("data", (d: Buffer) => {
    text += d.toString();
    for (const w of [...waiters]) if (w.pattern.test(text)) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  /** Resolves when the output so far matches (output is the session's only visible effect). */
  const until = (pattern: RegExp) =>
    pattern.test(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve }));
  const lines: string[] = [];
  let closes = 0;
  const session = new ReplSession({
    input,
    output,
    terminal: false,
    evaluator: new ReplEvaluator(() => options.scope ?? {}),
    commands: {},
    onLine: (l) => lines.push(l),
    onClose: () => closes++,
    ...options,
  });
  return { input, output, session, lines, text: () => text, closes: () => closes, until };
}

/** Run lines through a pipe session to the end of input; what it printed. */
async function pipe(input: string, options: Parameters<typeof open>[0] = {}) {
  const s = open(options);
  s.input.end(input);
  await s.session.closed;
  return s;
}

describe("ReplSession over a pipe", () => {
  it("prints each result in order, even when an earlier line awaits longer", async () => {
    // resolves after `hops` turns of the event loop: without the queue, 'second' would print first
    const later = (hops: number, v: unknown): Promise<unknown> =>
      hops === 0 ? Promise.resolve(v) : new Promise((resolve) => setImmediate(() => resolve(later(hops - 1, v))));
    const s = await pipe("await later(50, 'first')\nawait later(0, 'second')\n'third'\n", { scope: { later } });
    expect(s.text()).toBe("'first'\n'second'\n'third'\n");
    expect(s.closes()).toBe(1);
  });

  it("runs dot-commands with their arguments; .help lists them; an unknown one lists the valid ones", async () => {
    const seen: string[] = [];
    const commands: Record<string, ReplCommand> = {
      nodes: { help: "names, kinds, params", run: (args, out) => out.print(`nodes(${args})`) },
      mute: { help: "mute NAME", run: async (args) => void seen.push(args) },
    };
    const s = await pipe(".nodes\n.mute arp  \n.help\n.frob x\n1\n", { commands });
    expect(seen).toEqual(["arp"]);
    expect(s.text()).toBe(
      [
        "nodes()",
        ".help   list these commands",
        ".mute   mute NAME",
        ".nodes  names, kinds, params",
        "unknown command .frob; valid: .help .mute .nodes",
        "1",
        "",
      ].join("\n"),
    );
  });

  it("a command that throws is reported and the session goes on", async () => {
    const commands = { panic: { help: "", run: () => { throw new Error("no MIDI port"); } } };
    const s = await pipe(".panic\n2\n", { commands });
    expect(s.text()).toBe(".panic: no MIDI port\n2\n");
  });

  it("joins an unfinished entry with the lines that finish it; .break abandons one", async () => {
    const s = await pipe("const o = {\n  a: 1,\n  b: [2,\n 3]\n}\no.b\n[1,\n.break\n'after'\n");
    expect(s.text()).toBe("undefined\n[ 2, 3 ]\n'after'\n");
    expect(s.lines).toEqual(["const o = {\n  a: 1,\n  b: [2,\n 3]\n}", "o.b", "'after'"]);
  });

  it("tells the journal every complete entry and command, before it runs", async () => {
    const order: string[] = [];
    const s = open({
      scope: { mark: (x: string) => order.push(`ran ${x}`) },
      commands: { bpm: { help: "", run: () => void order.push("ran .bpm") } },
      onLine: (l) => order.push(`line ${l}`),
    });
    s.input.end("mark('a')\n.bpm 120\nmark(\n'b')\n\n");
    await s.session.closed;
    expect(order).toEqual(["line mark('a')", "ran a", "line .bpm 120", "ran .bpm", "line mark(\n'b')", "ran b"]);
  });

  it("errors do not stop it: syntax errors with a caret, thrown errors, then the next line runs", async () => {
    const s = await pipe("const x = ;\nnull.y\nthrow 'boom'\n40 + 2\n");
    expect(s.text()).toBe(
      'repl:1:11: SyntaxError: Unexpected ";"\n1 | const x = ;\n              ^\n' +
        "TypeError: Cannot read properties of null (reading 'y')\n" +
        "Uncaught 'boom'\n" +
        "42\n",
    );
  });

  it("end of input inside an unfinished entry says it was not run, then closes", async () => {
    const s = await pipe("[1,\n");
    expect(s.text()).toBe("input ended inside an unfinished entry; it was not run\n");
    expect(s.closes()).toBe(1);
  });

  it("prints no prompt or escape codes on a pipe; notify goes straight out; colours only when asked", async () => {
    const s = open({ color: false });
    s.session.notify("reloaded basic.ts");
    s.input.end("'plain'\n");
    await s.session.closed;
    expect(s.text()).toBe("reloaded basic.ts\n'plain'\n");
    const c = await pipe("'coloured'\nnull.x\n", { color: true });
    expect(c.text()).toContain("\x1b[32m'coloured'\x1b[39m");
    expect(c.text()).toContain("\x1b[31mTypeError");
  });

  it("close() stops reading, runs onClose once and resolves closed", async () => {
    const s = open();
    s.session.close();
    s.session.close();
    await s.session.closed;
    expect(s.closes()).toBe(1);
    s.input.write("1\n");
    expect(s.text()).toBe("");
  });
});

describe("ReplSession on a terminal", () => {
  function tty(options: Parameters<typeof open>[0] = {}) {
    const s = open({ terminal: true, ...options });
    const typed = (keys: string) => s.input.write(keys);
    return { ...s, typed };
  }

  it("shows the status prompt, continuation prompts and redraws the prompt when the status changes", async () => {
    let bar = 5;
    const s = tty({ prompt: () => `[${bar}:1] › ` });
    expect(s.text()).toContain("[5:1] › ");
    expect(s.text()).not.toContain("[6:1]");
    s.typed("[1,\n");
    await s.until(/\.\.\. $/);
    s.typed("2]\n");
    await s.until(/\[ 1, 2 \]\n.*\[5:1\] › /);
    bar = 6;
    s.session.refreshPrompt();
    expect(s.text()).toMatch(/\[ 1, 2 \]\n[\s\S]*\[6:1\] › (\x1b\[\d+G)?$/);
    s.session.close();
    await s.session.closed;
  });

  it("notify prints above the prompt and puts back what the performer was typing", async () => {
    const s = tty();
    s.typed("arp.sca");
    await s.until(/arp\.sca$/);
    s.session.notify("reloaded basic.ts in 9 ms");
    const text = s.text();
    const notice = text.lastIndexOf("reloaded basic.ts in 9 ms\n");
    expect(notice).toBeGreaterThan(0);
    expect(text.slice(notice)).toContain("› arp.sca");
    s.session.close();
    await s.session.closed;
  });

  it("completes names, object keys (a Proxy's ownKeys too), extra words and dot-commands", async () => {
    const params = { scale: "dorian", root: 60 };
    const arp = new Proxy({}, {
      ownKeys: () => Object.keys(params),
      getOwnPropertyDescriptor: () => undefined,
    });
    const s = tty({ scope: { arp, arpeggio: 1 }, completions: () => ["minor", "arp.pattern"], commands: { nodes: { help: "", run: () => {} } } });
    const complete = (line: string) => s.session["complete"](line) as [string[], string];
    expect(complete("ar")).toEqual([["arp", "arpeggio"], "ar"]);
    expect(complete("x = arp.")).toEqual([["arp.pattern", "arp.root", "arp.scale"], "arp."]);
    expect(complete("arp.sc")).toEqual([["arp.scale"], "arp.sc"]);
    expect(complete("arp.scale = 'mi")).toEqual([["minor"], "mi"]);
    expect(complete(".n")).toEqual([[".nodes"], ".n"]);
    expect(complete(".")).toEqual([[".help", ".nodes"], "."]);
    s.session.close();
    await s.session.closed;
  });

  it("Ctrl-C abandons the typed line; on an empty line it calls onInterrupt", async () => {
    let interrupts = 0;
    let interrupted!: () => void;
    const interrupt = new Promise<void>((resolve) => (interrupted = resolve));
    const s = tty({ onInterrupt: () => (interrupts++, interrupted()) });
    s.typed("half a thou");
    await s.until(/half a thou$/);
    s.typed("\x03");
    await s.until(/\^C\n/);
    expect(interrupts).toBe(0);
    s.typed("\x03");
    await interrupt;
    expect(interrupts).toBe(1);
    s.typed("1\n");
    await s.until(/\n1\n/);
    expect(s.lines).toEqual(["1"]);
    s.session.close();
    await s.session.closed;
  });

  it("keeps history in a file only its owner can read, and reads it back next time", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "magicbus-history-")), "state", "repl_history");
    const first = tty({ historyFile: file });
    first.typed("const a = 1\n");
    first.typed("a + 1\n");
    await first.until(/\n2\n/);
    first.session.close();
    await first.session.closed;
    expect(readFileSync(file, "utf8")).toBe("const a = 1\na + 1\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "older\nnewest\n");
    const second = tty({ historyFile: file });
    second.typed("\x1b[A"); // up arrow: the newest entry comes back
    await second.until(/newest/);
    expect(second.session["rl"].line).toBe("newest");
    second.session.close();
    await second.session.closed;
  });
});
