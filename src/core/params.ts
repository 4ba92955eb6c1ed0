/**
 * Declared parameters of a node: what ParamChangeEvents (and the REPL) may change, with
 * validation that names what was wrong and what is valid. A refused value changes nothing.
 */

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

export function choiceParam<T extends string>(choices: () => readonly T[], what = "one of"): ParamSpec<T> {
  return {
    get describe() {
      return `${what} ${choices().join(", ")}`;
    },
    choices,
    check: (v) => {
      const list = choices();
      if (typeof v === "string" && (list as readonly string[]).includes(v)) return v as T;
      throw new ParamError(`unknown value ${show(v)}; valid: ${list.join(", ")}`);
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
