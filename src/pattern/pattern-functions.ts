/**
 * The pattern functions by name: what a patch and the REPL have in scope without an import, and
 * all that a pattern's code may call when the journal's copy of it is read back (code.ts).
 */
export {
  cat, choose, degradeBy, early, euclid, every, fast, iter, late, mask, off, palindrome, ply, range, rev, segment, seq, slow,
  sometimesBy, stack, struct,
} from "./transform.ts";
export { cosine, isaw, rand, saw, sine, square, tri } from "./signals.ts";
