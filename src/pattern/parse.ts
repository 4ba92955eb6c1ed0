/**
 * The mini-notation parser, by recursive descent so that every error knows its column and what
 * it expected. Grammar (informally):
 *
 *   layers   = sequence ("," sequence)* | sequence ("|" sequence)*
 *   sequence = (step | "_" | "!" | "!" N | ".." N)* with "." between feet
 *   step     = term ("*" factor | "/" factor | "?" [P] | "@" W | "(" seq "," seq ["," seq] ")")*
 *   term     = word | number | "~" | "[" layers "]" | "<" layers ">" | "{" layers "}" ["%" factor]
 *   factor   = number | "[" layers "]" | "<" layers ">"
 */
import { frac, ONE } from "./fraction.ts";
import type { Layers, Sequence, Step, Term } from "./syntax.ts";
import { describe, MiniNotationError, type Token, type TokenKind, tokenize } from "./tokens.ts";

const CLOSERS: Partial<Record<TokenKind, TokenKind>> = { "[": "]", "<": ">", "{": "}", "(": ")" };
/** Tokens that end a sequence; the caller decides whether it was the right one. */
const ENDS_SEQUENCE = new Set<TokenKind>([",", "|", "]", ">", "}", ")", "end"]);

/** The syntax tree of a pattern; throws MiniNotationError with the column of the first mistake. */
export function parseMini(source: string): Layers {
  return new Parser(tokenize(source)).top();
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  top(): Layers {
    const layers = this.layers(1);
    const t = this.peek();
    if (t.kind !== "end") {
      const opener = Object.entries(CLOSERS).find(([, close]) => close === t.kind)?.[0];
      throw new MiniNotationError(t.column, opener ? `found ${describe(t)} with no "${opener}" to close` : `unexpected ${describe(t)}`);
    }
    return layers;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private layers(column: number): Layers {
    const sequences = [this.sequence()];
    let mode: Layers["mode"] | undefined;
    while (this.peek().kind === "," || this.peek().kind === "|") {
      const sep = this.next();
      const m = sep.kind === "," ? "stack" : "choose";
      if (mode && mode !== m) throw new MiniNotationError(sep.column, `cannot mix "," and "|" in one bracket; put one of them inside [ ]`);
      mode = m;
      const seq = this.sequence();
      if (seq.steps.length === 0) throw new MiniNotationError(this.peek().column, `expected a step after "${sep.text}", found ${describe(this.peek())}`);
      sequences.push(seq);
    }
    return { mode: mode ?? "stack", sequences, column };
  }

  /** A bracket's layers and its closing token. */
  private bracketed(open: Token): Layers {
    const close = CLOSERS[open.kind]!;
    const layers = this.layers(open.column);
    const t = this.next();
    if (t.kind !== close) throw new MiniNotationError(t.column, `expected "${close}" to close the "${open.text}" at column ${open.column}, found ${describe(t)}`);
    return layers;
  }

  private sequence(): Sequence {
    const feet: Step[][] = [];
    let steps: Step[] = [];
    for (;;) {
      const t = this.peek();
      if (ENDS_SEQUENCE.has(t.kind)) break;
      if (t.kind === ".") {
        this.next();
        if (steps.length === 0) throw new MiniNotationError(t.column, `expected a step before the foot separator "."`);
        feet.push(steps);
        steps = [];
      } else if (t.kind === "_") {
        this.next();
        const last = steps.at(-1);
        if (!last) throw new MiniNotationError(t.column, `expected a step before "_" (it lengthens the step before it)`);
        last.weight = last.weight.add(ONE);
      } else if (t.kind === "!") {
        this.next();
        const last = steps.at(-1);
        if (!last) throw new MiniNotationError(t.column, `expected a step before "!" (it repeats the step before it)`);
        const n = this.peek();
        const count = n.kind === "number" && !n.spaced ? this.wholeNumber(this.next(), "a repeat count", 1) - 1 : 1;
        for (let i = 0; i < count; i++) steps.push({ term: last.term, weight: last.weight });
      } else if (t.kind === "..") {
        this.next();
        steps.push(...this.range(t, steps.pop()));
      } else {
        steps.push(this.step());
      }
    }
    if (feet.length === 0) return { steps };
    if (steps.length === 0) throw new MiniNotationError(this.peek().column, `expected a step after the foot separator ".", found ${describe(this.peek())}`);
    feet.push(steps);
    const column = 1;
    return {
      steps: feet.map((foot) => ({ term: { kind: "group", layers: { mode: "stack", sequences: [{ steps: foot }], column } }, weight: ONE })),
    };
  }

  /** `0 .. 3`: the whole numbers from one to the other, as steps. */
  private range(dots: Token, from: Step | undefined): Step[] {
    const a = from?.term.kind === "value" ? from.term.value : undefined;
    if (typeof a !== "number" || !Number.isInteger(a)) throw new MiniNotationError(dots.column, `expected a whole number before "..", as in "0 .. 3"`);
    const t = this.next();
    if (t.kind !== "number") throw new MiniNotationError(t.column, `expected a whole number after "..", found ${describe(t)}`);
    const b = this.wholeNumber(t, "the end of a range", -Infinity);
    if (Math.abs(b - a) > 1024) throw new MiniNotationError(t.column, `a range of at most 1025 steps, found ${a} .. ${b}`);
    const dir = b >= a ? 1 : -1;
    const out: Step[] = [];
    for (let v = a; v !== b + dir; v += dir) out.push({ term: { kind: "value", value: v, column: t.column }, weight: ONE });
    return out;
  }

  private step(): Step {
    let term = this.term();
    let weight = ONE;
    for (;;) {
      const t = this.peek();
      if (t.kind === "*" || t.kind === "/") {
        this.next();
        term = { kind: t.kind === "*" ? "fast" : "slow", target: term, factor: this.factor(t) };
      } else if (t.kind === "?") {
        this.next();
        const n = this.peek();
        let probability = 0.5;
        if (n.kind === "number" && !n.spaced) {
          probability = Number(this.next().text);
          if (probability < 0 || probability > 1) throw new MiniNotationError(n.column, `expected a probability from 0 to 1 after "?", found ${n.text}`);
        }
        term = { kind: "degrade", target: term, probability, column: t.column };
      } else if (t.kind === "@") {
        this.next();
        const n = this.next();
        if (n.kind !== "number" || Number(n.text) <= 0) throw new MiniNotationError(n.column, `expected a positive number after "@" (the step's length), found ${describe(n)}`);
        weight = frac(Number(n.text));
      } else if (t.kind === "(") {
        this.next();
        term = this.euclid(t, term);
      } else {
        return { term, weight };
      }
    }
  }

  private euclid(open: Token, target: Term): Term {
    const args: Term[] = [];
    for (;;) {
      const seq = this.sequence();
      const t = this.next();
      if (seq.steps.length === 0) throw new MiniNotationError(t.column, `expected a number in "(pulses,steps,rotation)", found ${describe(t)}`);
      args.push(this.numeric({ kind: "group", layers: { mode: "stack", sequences: [seq], column: open.column } }));
      if (t.kind === ")") break;
      if (t.kind !== "," || args.length === 3) {
        const want = args.length === 3 ? `")"` : `"," or ")"`;
        throw new MiniNotationError(t.column, `expected ${want} to close the "(" at column ${open.column}, found ${describe(t)}`);
      }
    }
    if (args.length < 2) throw new MiniNotationError(open.column, `expected (pulses,steps) or (pulses,steps,rotation) after a step, as in "bd(3,8)"`);
    return { kind: "euclid", target, pulses: args[0]!, steps: args[1]!, rotation: args[2] };
  }

  private term(): Term {
    const t = this.next();
    switch (t.kind) {
      case "word":
        return { kind: "value", value: t.text, column: t.column };
      case "number":
        return { kind: "value", value: Number(t.text), column: t.column };
      case "~":
        return { kind: "rest", column: t.column };
      case "[":
        return { kind: "group", layers: this.bracketed(t) };
      case "<":
        return { kind: "alternate", layers: this.bracketed(t) };
      case "{": {
        const layers = this.bracketed(t);
        const pct = this.peek();
        if (pct.kind !== "%") return { kind: "polymeter", layers, steps: undefined };
        this.next();
        return { kind: "polymeter", layers, steps: this.factor(pct) };
      }
      default:
        throw new MiniNotationError(t.column, `expected a step (a word, a number, ~, [ or <), found ${describe(t)}`);
    }
  }

  /** The number after `*`, `/` or `%`: a number, or a pattern of numbers in [ ] or < >. */
  private factor(op: Token): Term {
    const t = this.peek();
    if (t.kind !== "number" && t.kind !== "[" && t.kind !== "<") {
      throw new MiniNotationError(t.column, `expected a number or a pattern of numbers after "${op.text}", found ${describe(t)}`);
    }
    return this.numeric(this.term());
  }

  /** `term`, checked to hold only numbers (a factor or a Euclid argument). */
  private numeric(term: Term): Term {
    const check = (t: Term): void => {
      if (t.kind === "value" && typeof t.value !== "number") throw new MiniNotationError(t.column, `expected a number, found "${t.value}"`);
      if (t.kind === "group" || t.kind === "alternate" || t.kind === "polymeter") t.layers.sequences.forEach((s) => s.steps.forEach((st) => check(st.term)));
      if (t.kind === "fast" || t.kind === "slow" || t.kind === "degrade" || t.kind === "euclid") check(t.target);
    };
    check(term);
    return term;
  }

  private wholeNumber(t: Token, what: string, min: number): number {
    const n = Number(t.text);
    if (!Number.isInteger(n) || n < min) throw new MiniNotationError(t.column, `expected a whole number${min > 0 ? ` of at least ${min}` : ""} for ${what}, found ${t.text}`);
    return n;
  }
}
