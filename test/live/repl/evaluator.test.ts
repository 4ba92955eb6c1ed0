/** The REPL evaluator: TypeScript in, values or readable errors out, state kept between lines. */
import { describe, expect, it } from "vitest";
import { ReplEvaluator, type EvalResult } from "../../../src/live/repl/evaluator.ts";

async function run(lines: string[], scope: Record<string, unknown> = {}, timeoutMs?: number): Promise<EvalResult[]> {
  const e = new ReplEvaluator(() => scope, { timeoutMs });
  const results: EvalResult[] = [];
  for (const line of lines) results.push(await e.evaluate(line));
  return results;
}
const last = async (lines: string[], scope?: Record<string, unknown>) => (await run(lines, scope)).at(-1)!;

describe("ReplEvaluator", () => {
  it.each([
    ["1 + 2", 3],
    ["const n: number = 4; n * 2", 8],
    ["type Pair = [number, number]; const p: Pair = [1, 2]; p[1]", 2],
    ["interface A { x: number } ({ x: 5 } as A).x", 5],
    ["{a:1}", { a: 1 }],
    ["{ a: 1, b: [2] }", { a: 1, b: [2] }],
    ["enum Mode { Up, Down } Mode.Down", 1],
    ["`a${1 + 1}b`", "a2b"],
    ["[1, 2, 3].map((x: number) => x * 2)", [2, 4, 6]],
    ["if (true) 'yes'; else 'no'", "yes"],
  ])("%s → %j", async (input, expected) => {
    expect(await last([input])).toEqual({ value: expected });
  });

  it("keeps declarations between lines and lets them be declared again", async () => {
    const r = await run(["const x = 1", "x + 1", "const x = 10", "let y = x * 2", "y", "class K { v = 1 }", "class K { v = 2 }", "new K().v", "function f() { return 3 }", "f()"]);
    expect(r.map((x) => x.error)).toEqual(Array(r.length).fill(undefined));
    expect(r[1]!.value).toBe(2);
    expect(r[4]!.value).toBe(20);
    expect(r[7]!.value).toBe(2);
    expect(r[9]!.value).toBe(3);
  });

  it("top-level await: a value, declarations (destructuring too) that persist, functions", async () => {
    const scope = { later: <T>(v: T) => new Promise<T>((resolve) => setImmediate(() => resolve(v))) };
    const r = await run(
      [
        "await Promise.resolve(3)",
        "const y = await later(7)",
        "y * 2",
        "const { a, b: [c] } = await later({ a: 1, b: [2] }), d = 4; a + c + d",
        "async function twice(n: number) { return 2 * (await later(n)) } await twice(y)",
        "twice",
        "let z = await later(1); z = z + 1; z",
        "z",
      ],
      scope,
    );
    expect(r.map((x) => x.error)).toEqual(Array(r.length).fill(undefined));
    expect(r.map((x) => x.value)).toEqual([3, undefined, 14, 7, 14, expect.any(Function), 2, 2]);
  });

  it.each([
    // a template literal whose text looks like a declaration at column 0 is left alone
    ["const t = `line\nconst inner = 1\n`; t.length", 21],
    ["let i = 0; do { i++ } while (i < 3); await later(i)", 3],
    ["for (const k of [1, 2]) await later(k); 'loop done'", "loop done"],
    ["const r = /[(]/.test(await later('(')); r", true],
    ["const q = await later(1), w = { a: [1, { b: 2 }] }; w.a[1].b + q", 3],
    ["class A { static s = 1 } const inst = await later(new A()); inst instanceof A", true],
    ["let u = await later(1); let v; [u, v]", [1, undefined]],
  ])("with await: %s → %j", async (input, expected) => {
    expect(await last([input], { later: (v: unknown) => Promise.resolve(v) })).toEqual({ value: expected });
  });

  it("unfinished input asks for more; a real mistake says where it is", async () => {
    for (const open of ["foo(", "const o = {", "[1, 2,", "`abc", "x = `a ${b", "function f() {\n  return 1", "'abc\\", "(1 +"]) {
      expect(await last([open]), open).toEqual({ incomplete: true });
    }
    const bad = await last(["const x = ;"]);
    expect(bad.error).toBe('repl:1:11: SyntaxError: Unexpected ";"\n1 | const x = ;\n              ^');
    const second = await last(["const a = 1\nconst b = = 2"]);
    expect(second.error).toMatch(/^repl:2:11: SyntaxError: Unexpected "="/);
    // a quoted string cannot continue on the next line: an unclosed one is an error at once
    expect((await last(["arp.scale = 'minor"])).error).toBe(
      "repl:1:19: SyntaxError: Unterminated string literal\n1 | arp.scale = 'minor\n                      ^",
    );
    expect((await last(["'abc\n+ 1"])).error).toMatch(/repl:1:\d+: SyntaxError: Unterminated string literal/);
  });

  it("runtime errors give name and message, never throw, and leave the context usable", async () => {
    const r = await run(["null.x", "undefinedThing", "throw new RangeError('too far')", "throw 'boom'", "await Promise.reject(new Error('later'))", "1"]);
    expect(r.map((x) => x.error)).toEqual([
      "TypeError: Cannot read properties of null (reading 'x')",
      "ReferenceError: undefinedThing is not defined",
      "RangeError: too far",
      "Uncaught 'boom'",
      "Error: later",
      undefined,
    ]);
    expect(r[5]!.value).toBe(1);
  });

  it("import declarations get a hint instead of silently vanishing; import() works", async () => {
    expect((await last(["import { join } from 'node:path'"])).error).toMatch(/await import\("module"\)/);
    expect(await last(["const { join } = await import('node:path'); join('a', 'b')"])).toEqual({ value: "a/b" });
  });

  it("stops synchronous code that runs too long and carries on", async () => {
    // (If the timeout did not work this test would never end; how soon it acts: `npm run bench -- survive`.)
    const r = await run(["while (true) {}", "2"], {}, 50);
    expect(r[0]!.error).toMatch(/timed out/);
    expect(r[1]!.value).toBe(2);
  });

  it("assignments go through the scope's proxies and setters; their errors are reported", async () => {
    const published: string[] = [];
    const params: Record<string, unknown> = { scale: "dorian" };
    const arp = new Proxy(params, {
      set(target, key, value) {
        if (key === "scale" && typeof value !== "string") throw new TypeError("scale must be a name");
        published.push(`${String(key)}=${String(value)}`);
        target[key as string] = value;
        return true;
      },
    });
    const r = await run(["arp.scale = 'minor'", "arp.scale", "arp.scale = 5", "arp.scale"], { arp });
    expect(published).toEqual(["scale=minor"]);
    expect(r.map((x) => x.value ?? x.error)).toEqual(["minor", "minor", "TypeError: scale must be a name", "minor"]);
  });

  it("re-reads the scope for every line: new names appear, removed ones go, the scope wins over stale values", async () => {
    let scope: Record<string, unknown> = { a: 1 };
    const e = new ReplEvaluator(() => scope);
    expect(await e.evaluate("a")).toEqual({ value: 1 });
    expect(await e.evaluate("const b = 99")).toEqual({ value: undefined });
    scope = { a: 2, b: 3 };
    expect(await e.evaluate("a + b")).toEqual({ value: 5 });
    scope = { b: 3 };
    expect((await e.evaluate("a")).error).toBe("ReferenceError: a is not defined");
    expect(e.names()).toContain("b");
  });

  it("lookup follows dotted paths through the scope and declared names", async () => {
    const e = new ReplEvaluator(() => ({ arp: { config: { scale: "dorian" } } }));
    await e.evaluate("const mine = { deep: { x: 1 } }");
    expect(e.lookup("arp.config.scale")).toBe("dorian");
    expect(e.lookup("mine.deep")).toEqual({ x: 1 });
    expect(e.lookup("nothing.here")).toBeUndefined();
  });

  it("calls onComplete once for a complete entry, before it runs, and not for an unfinished one", async () => {
    const order: string[] = [];
    const e = new ReplEvaluator(() => ({ mark: () => order.push("ran") }));
    await e.evaluate("mark(", () => order.push("complete"));
    await e.evaluate("mark()", () => order.push("complete"));
    await e.evaluate("mark(;", () => order.push("complete"));
    expect(order).toEqual(["complete", "ran", "complete"]);
  });

  it("answers a name that does not exist with the nearest names and the nodes playing", async () => {
    const arp = { gate: 0.2 };
    const e = new ReplEvaluator(() => ({ arp, euc: {}, bpm: () => 120 }), { nodes: () => ["euc", "arp"] });
    expect((await e.evaluate("arpp.gate = 2")).error).toBe('ReferenceError: arpp is not defined; did you mean "arp"? (nodes: euc, arp; .help lists the commands)');
    expect((await e.evaluate("ap.gate = 2")).error).toBe("ReferenceError: ap is not defined (nodes: euc, arp; .help lists the commands)"); // two letters: no guess
    expect((await e.evaluate("foo.gate = 2")).error).toBe("ReferenceError: foo is not defined (nodes: euc, arp; .help lists the commands)");
    const empty = new ReplEvaluator(() => ({}), { nodes: () => [] });
    expect((await empty.evaluate("arp.gate = 1")).error).toBe("ReferenceError: arp is not defined (no nodes are playing; .help lists the commands)");
    // Other reference errors keep their words.
    expect((await e.evaluate("throw new ReferenceError('gone')")).error).toBe("ReferenceError: gone");
    expect(arp.gate).toBe(0.2);
  });
});
