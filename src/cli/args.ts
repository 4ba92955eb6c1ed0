/**
 * Command-line parsing with errors that fit on one line and say what was wrong and what is valid.
 * Every command gets --help / -h from here, so none can forget it.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { MAX_BPM, MIN_BPM } from "../core/tempo-map.ts";

/** The command line asks for something impossible: exit status 2, one line on stderr. */
export class UsageError extends Error {
  /** Whether to point at `--help` (the shape of the line was wrong, not a value). */
  constructor(
    message: string,
    readonly pointToHelp = false,
  ) {
    super(message);
  }
}

/** `--help` or `-h` was given: the usage goes to stdout and the command exits 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super("help requested");
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** A negative number is a value, never an option: `--bars -3` is out of range, not a parse error. */
const NUMBER = /^-\.?\d/;

export function parse<O extends Options>(argv: string[], options: O, usage: string): Parsed<O> {
  const all: Options = { ...options, help: { type: "boolean", short: "h" } };
  // Not strict: node's own messages run to three lines; the tokens let us write one.
  const { values, positionals, tokens } = parseArgs({ args: argv, options: all, allowPositionals: true, strict: false, tokens: true });
  if (values.help === true) throw new HelpRequested(usage);
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const spec = all[t.name];
    if (!spec) throw new UsageError(`unknown option ${t.rawName}`, true);
    if (spec.type === "boolean" && t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`, true);
    if (spec.type === "string" && t.value === undefined) throw new UsageError(`${t.rawName} needs a value`, true);
    if (spec.type === "string" && !t.inlineValue && t.value!.startsWith("-") && !NUMBER.test(t.value!)) {
      throw new UsageError(`${t.rawName} needs a value, got the option ${t.value} (for a value that starts with "-", write ${t.rawName}=VALUE)`, true);
    }
  }
  return { values, positionals } as unknown as Parsed<O>;
}

/** At most `expected` positional arguments. */
export function noMorePositionals(positionals: string[], expected = 0): void {
  if (positionals.length > expected) throw new UsageError(`unexpected argument "${positionals[expected]}"`, true);
}

export function intArg(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function numberArg(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Tempo as the clock accepts it (src/core/tempo-map.ts owns the range). */
export function bpmArg(value: string | undefined, fallback: number): number {
  return numberArg("bpm", value, fallback, MIN_BPM, MAX_BPM);
}
