/**
 * docs/patterns.md's examples play what the doc says: every ```pattern block is a pattern (mini-
 * notation in quotes, or a transformation written in TypeScript) with an optional `cycles N`,
 * followed by its events, "begin end value" a line.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listEvents } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";
import type { Pattern } from "../../src/pattern/pattern.ts";
import * as signals from "../../src/pattern/signals.ts";
import * as transform from "../../src/pattern/transform.ts";

interface Example {
  source: string;
  cycles: number;
  events: string[];
}

function examples(): Example[] {
  const text = readFileSync("docs/patterns.md", "utf8");
  return [...text.matchAll(/```pattern\n([\s\S]*?)```/g)].map((m) => {
    const [head, ...events] = m[1]!.trim().split("\n");
    const c = /^(.*?)(?:\s+cycles (\d+))?$/.exec(head!.trim())!;
    return { source: c[1]!, cycles: Number(c[2] ?? 1), events };
  });
}

/** A quoted string is mini-notation; anything else is TypeScript over the transformations. */
function evaluate(source: string): Pattern<unknown> {
  if (/^"[^"]*"$/.test(source)) return mini(source.slice(1, -1));
  const scope = { ...transform, ...signals };
  return new Function(...Object.keys(scope), `return (${source});`)(...Object.values(scope)) as Pattern<unknown>;
}

describe("docs/patterns.md", () => {
  const all = examples();
  it("has examples", () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
  });

  it.each(all.map((e) => [e.source, e] as const))("%s", (_, e) => {
    const got = listEvents(evaluate(e.source), 0, e.cycles).map((ev) => `${ev.begin} ${ev.end} ${ev.value}`);
    expect(got).toEqual(e.events.map((l) => l.trim().split(/\s+/).join(" ")));
  });
});
