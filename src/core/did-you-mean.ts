/**
 * "Did you mean": the few valid names nearest a mistyped one, so that an error on stage names
 * what was probably meant instead of printing every valid name (there are ~150 scales).
 */

/** Edit distance (insert, delete, substitute, swap two neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * Up to `count` names near `word`: names that start with it first (a prefix typed is a strong
 * hint), then by edit distance; ties keep the list's order. A name more than a third of the
 * word away (at least one edit allowed) is no hint at all and is left out.
 */
export function nearest(word: string, names: readonly string[], count = 3): string[] {
  const w = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return names
    .map((name, i) => ({ name, i, prefix: name.toLowerCase().startsWith(w) && w.length > 0 ? 0 : 1, d: editDistance(word, name) }))
    .filter((x) => x.prefix === 0 || x.d <= allowed)
    .sort((x, y) => x.prefix - y.prefix || x.d - y.d || x.i - y.i)
    .slice(0, count)
    .map((x) => x.name);
}

/** `did you mean "minor", "minor_pentatonic" or "dorian"?` */
export function didYouMean(word: string, names: readonly string[], count = 3): string {
  const near = nearest(word, names, count).map((n) => JSON.stringify(n));
  if (near.length === 0) return "";
  const list = near.length === 1 ? near[0]! : `${near.slice(0, -1).join(", ")} or ${near[near.length - 1]}`;
  return `did you mean ${list}?`;
}

/**
 * Lists this long or shorter are printed whole in an error (the 20 archetypes: a palette worth
 * seeing); longer ones (150 scales) only by their nearest names.
 */
export const LIST_IN_FULL = 24;

/** How many of a long list an error shows when nothing is near what was typed. */
export const EXAMPLES_SHOWN = 6;

/**
 * The error text for a name that is not among `names`: `unknown scale "mnor"; did you mean
 * "minor", "major" or "dorian"?` — the whole list when it is short, and when nothing is near,
 * the list's first few (its most common names come first) so the performer sees what kind of
 * word is wanted.
 */
export function unknownName(what: string, value: unknown, names: readonly string[]): string {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const hint = typeof value === "string" ? didYouMean(value, names) : "";
  const all =
    names.length <= LIST_IN_FULL
      ? `valid: ${names.join(", ")}`
      : hint
        ? `${names.length} in all`
        : `${names.length} in all: ${names.slice(0, EXAMPLES_SHOWN).join(", ")}, …`;
  return `unknown ${what} ${shown}; ${hint ? `${hint} (${all})` : all}`;
}
