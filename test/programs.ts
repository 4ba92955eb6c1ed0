/**
 * Tests of optional outside programs (FluidSynth, sox, …) run where the program is installed — CI
 * installs them (ci-apt-packages.txt) — and elsewhere print one line saying they did not run and
 * why, so that `npm install && npm test` passes on a machine with nothing but Node.
 */
import { spawnSync } from "node:child_process";
import { it } from "vitest";

const HOW: Record<string, string> = {
  fluidsynth: "apt-get install fluidsynth timgm6mb-soundfont, or brew install fluid-synth",
  sox: "apt-get install sox, or brew install sox",
  jackd: "apt-get install jackd2",
  scsynth: "apt-get install supercollider-server",
  LinkHut: "apt-get install ableton-link-utils",
  unshare: "apt-get install util-linux",
};

const known = new Map<string, boolean>();

/** Is `program` on PATH? */
export function installed(program: string): boolean {
  let yes = known.get(program);
  if (yes === undefined) {
    yes = spawnSync(program, ["--version"], { stdio: "ignore" }).error === undefined;
    known.set(program, yes);
  }
  return yes;
}

/** `it`, for a test that needs every one of `programs`: where one is missing, one line and a skip. */
export function itWith(...programs: string[]): typeof it {
  const missing = programs.filter((p) => !installed(p));
  if (missing.length === 0) return it;
  const skip = ((name: string, ...rest: unknown[]) => {
    console.log(`not run: "${name}": needs ${missing.map((p) => `${p} (${HOW[p] ?? "not installed"})`).join(" and ")}`);
    return (it.skip as (...a: unknown[]) => void)(name, ...rest);
  }) as unknown as typeof it;
  return skip;
}
