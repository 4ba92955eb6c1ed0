/** The mini-notation's syntax tree: what the parser builds and mini.ts turns into a pattern. */
import type { Fraction } from "./fraction.ts";

export type Value = string | number;

/** Layers of a bracket: played together (`,`), one chosen per cycle (`|`), or just one. */
export interface Layers {
  readonly mode: "stack" | "choose";
  readonly sequences: Sequence[];
  /** Column of the bracket (or 1 at the top): keys the random choice of `|`. */
  readonly column: number;
}

/** Steps sharing a cycle by weight. */
export interface Sequence {
  readonly steps: Step[];
}

export interface Step {
  readonly term: Term;
  /** Share of the cycle (`@` and `_` raise it). */
  weight: Fraction;
}

export type Term =
  | { readonly kind: "value"; readonly value: Value; readonly column: number }
  | { readonly kind: "rest"; readonly column: number }
  /** `[…]`, or a foot: the layers squeezed into one step. */
  | { readonly kind: "group"; readonly layers: Layers }
  /** `<…>`: one step per cycle. */
  | { readonly kind: "alternate"; readonly layers: Layers }
  /** `{…}` or `{…}%steps`: every layer at the first layer's (or the given) step rate. */
  | { readonly kind: "polymeter"; readonly layers: Layers; readonly steps: Term | undefined }
  | { readonly kind: "fast" | "slow"; readonly target: Term; readonly factor: Term }
  | { readonly kind: "degrade"; readonly target: Term; readonly probability: number; readonly column: number }
  | { readonly kind: "euclid"; readonly target: Term; readonly pulses: Term; readonly steps: Term; readonly rotation: Term | undefined };
