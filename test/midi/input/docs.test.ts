/** The examples of docs/midi-input.md run: each table row is a case. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ControllerMap, type MapOptions } from "../../../src/midi/input/controller-map.ts";
import type { MidiMessage } from "../../../src/midi/input/messages.ts";
import { MidiParser } from "../../../src/midi/input/parser.ts";

const doc = readFileSync(new URL("../../../docs/midi-input.md", import.meta.url), "utf8");

/** The body rows of the table between `<!-- name:start -->` and `<!-- name:end -->`, as cells. */
function table(name: string): string[][] {
  const body = doc.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0] ?? "";
  const rows = body
    .trim()
    .split("\n")
    .slice(2)
    .map((line) => line.split("|").slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, "")));
  if (rows.length === 0) throw new Error(`docs/midi-input.md has no ${name} table`);
  return rows;
}

/** "CC 1 = 64 on channel 1", "note 36 velocity 127 on channel 10", "note 36 off on channel 10". */
function input(text: string): MidiMessage {
  let m = /^CC (\d+) = (\d+) on channel (\d+)$/.exec(text);
  if (m) return { type: "cc", controller: +m[1]!, value: +m[2]!, channel: +m[3]! - 1, bytes: [] };
  m = /^note (\d+) velocity (\d+) on channel (\d+)$/.exec(text);
  if (m) return { type: "noteOn", note: +m[1]!, velocity: +m[2]!, channel: +m[3]! - 1, bytes: [] };
  m = /^note (\d+) off on channel (\d+)$/.exec(text);
  if (m) return { type: "noteOff", note: +m[1]!, velocity: 0, channel: +m[2]! - 1, bytes: [] };
  throw new Error(`cannot read the input "${text}"`);
}

describe("docs/midi-input.md mapping examples", () => {
  it.each(table("mapping-examples"))("%s, %s → %s", (call, text, cued) => {
    const m = /^map\("([^"]+)", "([^"]+)", (\{.*\})\)$/.exec(call);
    expect(m, call).not.toBeNull();
    const options = Function(`return (${m![3]})`)() as MapOptions;
    const seen: string[] = [];
    const map = new ControllerMap({ cue: (t, p, v) => seen.push(`${t}.${p} = ${+v.toFixed(4)}`) });
    map.map(m![1]!, m![2]!, options);
    map.handle(input(text));
    expect(seen).toEqual(cued === "nothing" ? [] : [cued]);
  });
});

describe("docs/midi-input.md parser examples", () => {
  it.each(table("parser-errors"))("%s", (bytes, result) => {
    const out = new MidiParser().push(bytes.split(" ").map((b) => parseInt(b, 16)));
    expect(out.map((msg) => (msg.type === "error" ? `error: ${msg.message}` : msg.type)).join(" · ")).toBe(result);
  });
});
