/**
 * docs/patterns.md's REPL sessions (```repl blocks) print what the doc says: each plays against
 * the patch shown last before it, in a daemon on the virtual clock, every line typed at the
 * position its prompt shows ([bar:beat]), its answer compared line for line. Blocks after one
 * patch continue one session.
 */
import { readFileSync, rmSync } from "node:fs";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PPQ } from "../../src/index.ts";
import { ReplEvaluator } from "../../src/live/repl/evaluator.ts";
import { patternSet } from "../live/pattern-set.ts";

interface Session {
  patch: string;
  /** Lines typed, with the answer the doc shows. */
  entries: Array<{ bar: number; beat: number; input: string; answer: string[] }>;
}

const PROMPT = /^\[(\d+):(\d+)\] › (.*)$/;

function sessions(doc: string): Session[] {
  const text = readFileSync(doc, "utf8");
  const out: Session[] = [];
  for (const m of text.matchAll(/```(ts|repl)\n([\s\S]*?)```/g)) {
    const [, lang, body] = m as unknown as [string, string, string];
    if (lang === "ts") {
      if (/export default patch\(/.test(body)) out.push({ patch: body, entries: [] });
      continue;
    }
    const session = out.at(-1);
    if (!session) throw new Error(`${doc}: a repl block before any patch`);
    for (const line of body.trimEnd().split("\n")) {
      const prompt = PROMPT.exec(line);
      if (prompt) session.entries.push({ bar: Number(prompt[1]), beat: Number(prompt[2]), input: prompt[3]!, answer: [] });
      else session.entries.at(-1)!.answer.push(line);
    }
  }
  return out.filter((s) => s.entries.length > 0);
}

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe("docs/patterns.md: REPL sessions", () => {
  const all = sessions("docs/patterns.md");
  it("has some", () => {
    expect(all.length).toBeGreaterThanOrEqual(1);
  });

  it.each(all.map((s, i) => [i + 1, s] as const))("session %i prints what the doc shows", async (_, session) => {
    const t = await patternSet(homes, { patch: session.patch });
    const repl = new ReplEvaluator(t.scope, { nodes: () => t.d.patchNodes() });
    try {
      for (const e of session.entries) {
        const tick = ((e.bar - 1) * 4 + (e.beat - 1)) * PPQ + 1;
        if (tick > t.d.session.system.timeline.now) await t.runTo(tick);
        const printed: string[] = [];
        const command = /^\.(\w+)\s*(.*)$/.exec(e.input);
        if (command) {
          const out = { print: (s: string) => printed.push(s), error: (s: string) => printed.push(s) };
          await t.commands[command[1]!]!.run(command[2]!, out);
        } else {
          const r = await repl.evaluate(e.input, () => t.d.noteLine(e.input));
          printed.push(r.error ?? inspect(r.value, { colors: false, depth: 3, breakLength: 100 }));
        }
        expect({ line: e.input, printed: printed.join("\n").split("\n") }).toEqual({ line: e.input, printed: e.answer });
      }
    } finally {
      await t.d.quit();
    }
  });
});
