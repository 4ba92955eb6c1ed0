/**
 * Arpeggiator patterns: the order in which the notes of the current chord are played, as indices
 * into the notes sorted low to high (or, for "asPlayed", in the order the degrees were given).
 * Each pattern is a cycle; "random" picks afresh on every step.
 */

export const ARP_PATTERNS = ["up", "down", "updown", "downup", "converge", "diverge", "asPlayed", "random"] as const;
export type ArpPattern = (typeof ARP_PATTERNS)[number];

/** Other spellings a performer may type. */
export const ARP_PATTERN_ALIASES: Readonly<Record<string, ArpPattern>> = {
  up_down: "updown",
  "up-down": "updown",
  down_up: "downup",
  "down-up": "downup",
  as_played: "asPlayed",
  "as-played": "asPlayed",
  asplayed: "asPlayed",
  order: "asPlayed",
};

export function normalizePattern(name: string): ArpPattern | undefined {
  if ((ARP_PATTERNS as readonly string[]).includes(name)) return name as ArpPattern;
  return ARP_PATTERN_ALIASES[name];
}

/**
 * One cycle of the pattern over `n` notes. Endpoints are not repeated in updown/downup
 * (0 1 2 3 2 1, then 0 again). "random" and "asPlayed" return the plain order
 * (the arpeggiator draws or keeps the given order itself).
 */
export function patternCycle(pattern: ArpPattern, n: number): number[] {
  if (n <= 0) return [];
  const up = Array.from({ length: n }, (_, i) => i);
  const down = [...up].reverse();
  switch (pattern) {
    case "up":
    case "asPlayed":
    case "random":
      return up;
    case "down":
      return down;
    case "updown":
      return n <= 2 ? up : [...up, ...down.slice(1, -1)];
    case "downup":
      return n <= 2 ? down : [...down, ...up.slice(1, -1)];
    case "converge":
      return converge(n);
    case "diverge":
      return converge(n).reverse();
  }
}

/** Outside in: lowest, highest, second lowest, second highest … */
function converge(n: number): number[] {
  const out: number[] = [];
  for (let lo = 0, hi = n - 1; lo <= hi; lo++, hi--) {
    out.push(lo);
    if (hi !== lo) out.push(hi);
  }
  return out;
}
