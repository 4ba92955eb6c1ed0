/** One cycle in one line (what `.show` prints): steps of the finest subdivision, `_` held, `~` silent. */
import { describe, expect, it } from "vitest";
import { drawCycleLine } from "../../src/pattern/cycle-line.ts";
import { onsets } from "../../src/pattern/listing.ts";
import { mini } from "../../src/pattern/mini.ts";

const line = (source: string, cycle = 0) => drawCycleLine(onsets(mini(source), cycle), cycle);

describe("a cycle in one line", () => {
  it.each([
    ["bd*4, ~ sd, hh*8", 0, "bd+hh hh bd+hh hh bd+hh+sd hh bd+hh hh"],
    ["bd(3,8)", 0, "bd ~ ~ bd ~ ~ bd ~"],
    ["c4@3 e4", 0, "c4 _ _ e4"],
    ["<a b>", 1, "b"],
    ["[bd sd]/2", 1, "sd"],
    ["0 [2 4]", 5, "0 _ 2 4"],
    ["~", 0, "~"],
    ["bd*3, hh*2", 0, "bd+hh _ bd hh bd _"],
  ])("%s (cycle %i) → %s", (source, cycle, expected) => {
    expect(line(source, cycle)).toBe(expected);
  });

  it("draws a cycle finer than 64 steps in the nearest of 64 columns, every onset kept", () => {
    const drawn = line("hh*96").split(" ");
    expect(drawn).toHaveLength(64);
    expect(drawn.every((s) => s === "hh")).toBe(true);
  });
});
