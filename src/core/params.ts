/**
 * Declared parameters of a node: what ParamChangeEvents (and the REPL) may change, with
 * validation that names what was wrong and what is valid. A refused value changes nothing.
 */
import { LIST_IN_FULL, unknownName } from "./did-you-mean.ts";

export class ParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParamError";
  }
}

export interface ParamSpec<T = unknown> {
  /** Human description of valid values, e.g. "an integer from 1 to 64". */
  readonly describe: string;
  /** Returns the value to store, or throws ParamError. */
  readonly check: (value: unknown) => T;
  /** Valid choices, where they are a list (for completion and error messages). */
  readonly choices?: () => readonly string[];
}

/** `spec.check(value)`, its refusal named after the knob asked for: `euc.pulses: expected …`, `bpm: …`. */
export function checkNamed<T>(label: string, spec: ParamSpec<T>, value: unknown): T {
  try {
    return spec.check(value);
  } catch (err) {
    throw new ParamError(`${label}: ${(err as Error).message}`);
  }
}

/**
 * Whether two values of a param are the same setting: equal as JSON. Values with no JSON form (a
 * function, a pattern made in code) are the same only if identical: an edit to one is never missed.
 */
export function sameParamValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const json = JSON.stringify(a);
  return json !== undefined && json === JSON.stringify(b);
}

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.join(", ")}]` : String(v));

function fail(spec: string, value: unknown): never {
  throw new ParamError(`expected ${spec}, got ${show(value)}`);
}

export function intParam(min: number, max: number): ParamSpec<number> {
  const describe = `an integer from ${min} to ${max}`;
  return {
    describe,
    check: (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : fail(describe, v)),
  };
}

export function numberParam(min: number, max: number): ParamSpec<number> {
  const describe = `a number from ${min} to ${max}`;
  return {
    describe,
    check: (v) => (typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? v : fail(describe, v)),
  };
}

export function boolParam(): ParamSpec<boolean> {
  return { describe: "true or false", check: (v) => (typeof v === "boolean" ? v : fail("true or false", v)) };
}

export function stringParam(): ParamSpec<string> {
  return { describe: "a non-empty string", check: (v) => (typeof v === "string" && v.length > 0 ? v : fail("a non-empty string", v)) };
}

/** One of a list of names (`what` names them in errors: "scale", "pattern"). */
export function choiceParam<T extends string>(choices: () => readonly T[], what = "value"): ParamSpec<T> {
  return {
    get describe() {
      const list = choices();
      return list.length <= LIST_IN_FULL ? `one of ${list.join(", ")}` : `a ${what} name (${list.length} in all)`;
    },
    choices,
    check: (v) => {
      const list = choices();
      if (typeof v === "string" && (list as readonly string[]).includes(v)) return v as T;
      throw new ParamError(unknownName(what, v, list));
    },
  };
}

export function intListParam(min: number, max: number, minLength = 1, maxLength = 64): ParamSpec<number[]> {
  const describe = `a list of ${minLength}–${maxLength} integers from ${min} to ${max}`;
  return {
    describe,
    check: (v) => {
      const ok =
        Array.isArray(v) &&
        v.length >= minLength &&
        v.length <= maxLength &&
        v.every((x) => typeof x === "number" && Number.isInteger(x) && x >= min && x <= max);
      return ok ? [...(v as number[])] : fail(describe, v);
    },
  };
}

/** `gate_beats` (the seed's spelling) → `gateBeats`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A knob: a param declared once — its spec (the valid values), its default, and the name the
 * seed's class options give it where that differs (`gateBeats` for `gate`). The performer's name
 * is the one a node's table is keyed by; the seed's name is accepted by the class options and by
 * ParamChangeEvents (the seed API), and shown nowhere.
 */
export interface Knob<T> {
  readonly spec: ParamSpec<T>;
  /** The value when the options do not give one (undefined: the node works it out). */
  readonly default: T | undefined;
  readonly seedName?: string;
}

export function knob<T>(spec: ParamSpec<T>, fallback: T | undefined, seedName?: string): Knob<T> {
  return seedName === undefined ? { spec, default: fallback } : { spec, default: fallback, seedName };
}

export type Knobs = Record<string, Knob<any>>;

/** The values of a node's knobs, by the performer's names. */
export type KnobValues<K extends Knobs> = { [P in keyof K]: K[P] extends Knob<infer T> ? T : never };

/**
 * A node's options read against its knobs: each by the performer's name or the seed's, checked by
 * the knob's spec (the error names the node and the knob), the default where absent. Options that
 * are not knobs are left to the node.
 */
export function readKnobs<K extends Knobs>(who: string, knobs: K, options: object): KnobValues<K> {
  const given = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, k] of Object.entries(knobs)) {
    const short = given[name];
    const seed = k.seedName === undefined ? undefined : given[k.seedName];
    if (short !== undefined && seed !== undefined && short !== seed) {
      throw new ParamError(`${who}: "${name}" and "${k.seedName}" are one knob; give one of them`);
    }
    const value = short ?? seed;
    if (value === undefined) {
      out[name] = k.default;
      continue;
    }
    out[name] = checkNamed(`${who}.${name}`, k.spec, value);
  }
  return out as KnobValues<K>;
}
