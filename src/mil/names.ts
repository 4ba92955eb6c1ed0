/** Forgiving name matching: `Étude` = `etude`, `Glenn Gould` = `gould` = `glenn-gould`. */

export function normalizeName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Find `query` among `names` (exact after normalising, then a unique last word), or undefined. */
export function matchName<T extends string>(query: string, names: readonly T[]): T | undefined {
  const q = normalizeName(query);
  if (q === "") return undefined;
  const exact = names.find((n) => normalizeName(n) === q);
  if (exact) return exact;
  const byLastWord = names.filter((n) => normalizeName(n.split(/\s+/).at(-1) ?? n) === q);
  return byLastWord.length === 1 ? byLastWord[0] : undefined;
}
