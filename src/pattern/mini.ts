/**
 * The mini-notation as a pattern: `mini("bd*2 [~ sd] <hh oh>")`. The parser (parse.ts) gives the
 * syntax tree; this file says what each part plays.
 *
 * Random parts (`?`, `|`) are keyed by their column and by the path of steps that leads to them,
 * so `hh? hh?` and `hh?!2` draw apart, and a changed probability elsewhere shifts nothing.
 */
import { degradeBy, chooseByCycle } from "./chance.ts";
import { type Fraction, frac, ZERO } from "./fraction.ts";
import { parseMini } from "./parse.ts";
import { Pattern, patterned, pure, silence, stack, timecat } from "./pattern.ts";
import { euclidBool } from "./structure.ts";
import type { Layers, Sequence, Term, Value } from "./syntax.ts";
import { fastBy } from "./time.ts";

/**
 * The pattern a mini-notation string plays. Throws MiniNotationError (with `column`) when the
 * string is not one.
 * @example mini("bd sd").events(0, 1).map((e) => e.value) // ["bd", "sd"]
 */
export function mini(source: string): Pattern<Value> {
  return layersPattern(parseMini(source), "").withText({ code: JSON.stringify(source), notation: [source] });
}

function layersPattern(layers: Layers, path: string): Pattern<Value> {
  const seqs = layers.sequences.map((s, i) => sequencePattern(s, `${path}/${i}`));
  if (layers.mode === "choose") return chooseByCycle(seqs, `|${layers.column}${path}`);
  return stack(...seqs);
}

function totalWeight(seq: Sequence): Fraction {
  return seq.steps.reduce((s, st) => s.add(st.weight), ZERO);
}

function sequencePattern(seq: Sequence, path: string): Pattern<Value> {
  if (seq.steps.length === 0) return silence;
  return timecat(seq.steps.map((st, i) => [st.weight, termPattern(st.term, `${path}.${i}`)] as const));
}

function termPattern(term: Term, path: string): Pattern<Value> {
  switch (term.kind) {
    case "value":
      return pure(term.value);
    case "rest":
      return silence;
    case "group":
      return layersPattern(term.layers, path);
    case "alternate": {
      // <a b c> is [a b c] at one step per cycle; weights (a@2) and repeats (a!2) count as steps.
      const layers = term.layers.sequences.map((s, i) => {
        const total = totalWeight(s);
        const p = sequencePattern(s, `${path}<${i}`);
        return total.n === 0 ? p : fastBy(ONE_OVER(total), p);
      });
      return term.layers.mode === "choose" ? chooseByCycle(layers, `|${term.layers.column}${path}`) : stack(...layers);
    }
    case "polymeter": {
      // {a b c, d e}: every layer moves at the first layer's steps per cycle (or %n's).
      const seqs = term.layers.sequences.filter((s) => s.steps.length > 0);
      if (seqs.length === 0) return silence;
      const base: Pattern<number> = term.steps ? numbers(termPattern(term.steps, `${path}%`)) : pure(totalWeight(seqs[0]!).valueOf());
      const layers = seqs.map((s, i) => {
        const total = totalWeight(s);
        const p = sequencePattern(s, `${path}{${i}`);
        return patterned(base, (steps) => fastBy(frac(steps).div(total), p));
      });
      return term.layers.mode === "choose" ? chooseByCycle(layers, `|${term.layers.column}${path}`) : stack(...layers);
    }
    case "fast":
    case "slow": {
      const target = termPattern(term.target, path);
      const factor = numbers(termPattern(term.factor, `${path}*`));
      return patterned(factor, (f) => fastBy(term.kind === "fast" ? frac(f) : ONE_OVER(frac(f)), target));
    }
    case "degrade":
      return degradeBy(term.probability, termPattern(term.target, path), `?${term.column}${path}`);
    case "euclid": {
      const target = termPattern(term.target, path);
      const pulses = numbers(termPattern(term.pulses, `${path}(k`));
      const steps = numbers(termPattern(term.steps, `${path}(n`));
      const rotation = term.rotation ? numbers(termPattern(term.rotation, `${path}(r`)) : pure(0);
      return patterned(pulses, (k) => patterned(steps, (n) => patterned(rotation, (r) => euclidBool(k, n, r, target))));
    }
  }
}

function ONE_OVER(f: Fraction): Fraction {
  return f.n === 0 ? f : frac(f.d, f.n);
}

/** The parser checked that these hold only numbers. */
function numbers(p: Pattern<Value>): Pattern<number> {
  return p as Pattern<number>;
}

