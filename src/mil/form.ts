/**
 * Form: the plan of sections (role, bars, key, character offset). Binary for short pieces,
 * rondo A B A′ C A′ for volatile long ones, ternary A B A′ otherwise. The last section is
 * always in the home key (Theorem 1).
 */
import type { Character } from "./character.ts";
import { relatedKeys, type Key } from "./keys.ts";
import type { Rng } from "./rng.ts";

export type SectionRole = "A" | "B" | "A'" | "C";
export type FormName = "Binary" | "Binary A-A'" | "Ternary A-B-A'" | "Rondo A-B-A'-C-A'";

export interface Section {
  role: SectionRole;
  startBar: number;
  bars: number;
  key: Key;
  /** Δ(e, d, x, l, v) added to the piece's character: the section's contrast. */
  offset: readonly number[];
  /** Loudness level of the section (0–1): A 0.55, B 0.68, C 0.75, final A′ 0.62. */
  dynamicBase: number;
}

export const SECTION_OFFSETS: Record<SectionRole, readonly number[]> = {
  A: [0, 0, 0, 0, 0],
  B: [0.15, 0.1, 0.1, -0.1, 0.15],
  "A'": [-0.05, 0, 0, 0.05, -0.05],
  C: [0.1, 0.15, 0.15, -0.15, 0.2],
};

const DYNAMIC_BASE: Record<SectionRole, number> = { A: 0.55, B: 0.68, C: 0.75, "A'": 0.62 };

export interface FormPlan {
  name: FormName;
  sections: Section[];
}

export function planForm(bars: number, c: Character, home: Key, rng: Rng): FormPlan {
  const section = (role: SectionRole, startBar: number, n: number, key: Key): Section => ({
    role,
    startBar,
    bars: n,
    key,
    offset: SECTION_OFFSETS[role],
    dynamicBase: DYNAMIC_BASE[role],
  });
  const build = (name: FormName, roles: SectionRole[], sizes: number[], keys: Key[]): FormPlan => {
    let start = 0;
    const sections = roles.map((r, i) => {
      const s = section(r, start, sizes[i]!, keys[i]!);
      start += sizes[i]!;
      return s;
    });
    return { name, sections };
  };

  if (bars <= 8) return build("Binary", ["A"], [bars], [home]);
  if (bars < 12) {
    // The reference ends 9–12-bar pieces in B's key (its B10). Ours: A then A′, both at home.
    const aBars = Math.floor(bars / 2);
    return build("Binary A-A'", ["A", "A'"], [aBars, bars - aBars], [home, home]);
  }
  const related = relatedKeys(home);
  const bKey = rng.pick(related);
  if (c.volatility > 0.6 && bars >= 24) {
    const seg = Math.max(4, Math.floor(bars / 5 / 4) * 4);
    const others = related.filter((k) => k.tonic !== bKey.tonic);
    const cKey = rng.pick(others);
    const last = bars - 4 * seg;
    return build("Rondo A-B-A'-C-A'", ["A", "B", "A'", "C", "A'"], [seg, seg, seg, seg, last], [home, bKey, home, cKey, home]);
  }
  let aBars: number;
  let bBars: number;
  if (bars === 12) {
    aBars = bBars = 4;
  } else if (bars >= 24) {
    aBars = bBars = Math.max(4, Math.floor(bars / 3 / 4) * 4);
  } else {
    aBars = Math.max(4, Math.floor(bars / 2 / 4) * 4);
    bBars = aBars >= 8 ? aBars / 2 : 4;
  }
  const last = bars - aBars - bBars;
  return build("Ternary A-B-A'", ["A", "B", "A'"], [aBars, bBars, last], [home, bKey, home]);
}

/** Sections of an open-ended (live) piece: A B A′ C A′ … of 8 bars, B and C in related keys. */
const ENDLESS_ROLES: SectionRole[] = ["A", "B", "A'", "C", "A'"];
const ENDLESS_SECTION_BARS = 8;

/** Section `i` of an open-ended piece, starting at `startBar`. */
export function endlessSection(i: number, startBar: number, home: Key, rng: Rng): Section {
  const role = ENDLESS_ROLES[i % ENDLESS_ROLES.length]!;
  const key = role === "A" || role === "A'" ? home : rng.pick(relatedKeys(home));
  return { role, startBar, bars: ENDLESS_SECTION_BARS, key, offset: SECTION_OFFSETS[role], dynamicBase: role === "C" ? 0.75 : role === "B" ? 0.68 : 0.6 };
}
