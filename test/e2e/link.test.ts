/**
 * Ableton Link against real peers, each test inside a network namespace of its own (loopback only,
 * multicast routed there: nothing reaches a real interface). test/e2e/link/scenario.ts does the
 * playing in there and reports what it measured; the checks are here.
 * The phase against LinkHut over 60 s is a benchmark (`npm run bench -- link`): on a loaded
 * two-core machine a 1 ms bound is a measurement of the machine; this test holds 5 ms.
 */
import { describe, expect } from "vitest";
import { installed, itWith } from "../programs.ts";
import { namespaceProblem, runInNamespace } from "./link/namespace.ts";

const problem = installed("unshare") ? namespaceProblem() : "unshare is missing";
/** `it`, or one line saying why not, where a namespace cannot be made. */
const itInNamespace = (...programs: string[]) => {
  const base = itWith(...programs);
  if (!problem) return base;
  return ((name: string, ...rest: unknown[]) => {
    console.log(`not run: "${name}": needs a network namespace: ${problem}`);
    return (base.skip as (...a: unknown[]) => void)(name, ...rest);
  }) as unknown as typeof base;
};

describe("Ableton Link", () => {
  itInNamespace("jackd", "LinkHut")(
    "joins LinkHut's session at 133 bpm within a bar; follows LinkHut to 134 within 0.5 s; bpm() reaches LinkHut; journaled; in phase",
    async () => {
      const { result: r, output } = await runInNamespace("linkhut", 60_000);
      expect(r, output).toBeDefined();
      // Heard at 133 from the first bar (the session was joined while the set loaded), never at 120.
      expect(r!.firstBeatAt133 as number).toBeLessThan(4);
      expect(r!.notAt133BeforeKey).toBe(0);
      expect(r!.linkhutPeersSeen).toBe(1);
      // LinkHut one faster: the set plays it within half a second (sound time, output latency included).
      expect(r!.tempoFollowMs as number, output).toBeLessThanOrEqual(500);
      // bpm(140) in the REPL: LinkHut shows it (its display refreshes every 10 ms).
      expect(r!.replToLinkHutMs as number).toBeLessThanOrEqual(1000);
      // Every tempo went through the journaled door, and the recording has them.
      expect(r!.journalBpmCues).toEqual([133, 134, 140]);
      expect(r!.recordingTempos).toEqual(expect.arrayContaining([133, 134, 140]));
      const phase = r!.phase as { onsets: number; max: number };
      expect(phase.onsets, output).toBeGreaterThanOrEqual(3);
      expect(phase.max, JSON.stringify(phase)).toBeLessThanOrEqual(5);
    },
    90_000,
  );

  itInNamespace()(
    "two daemons in one namespace agree: the second joins the first's tempo and bar lines; a bpm() in either reaches the other",
    async () => {
      const { result: r, output } = await runInNamespace("two", 60_000);
      expect(r, output).toBeDefined();
      // B never played its own 130: it joined A's session before its music started.
      expect(r!.bTemposHeard).toEqual([100, 110]);
      const at100 = r!.at100 as { n: number; maxMs: number; barOffsets: number[] };
      const at110 = r!.at110 as { n: number; maxMs: number; barOffsets: number[] };
      expect(at100.n, output).toBeGreaterThanOrEqual(3);
      expect(at100.barOffsets).toEqual([0]); // bar lines together (quantum 4)
      expect(at100.maxMs).toBeLessThanOrEqual(2);
      expect(at110.n, output).toBeGreaterThanOrEqual(3);
      expect(at110.barOffsets).toEqual([0]);
      expect(at110.maxMs).toBeLessThanOrEqual(2);
      // A's first note at 110 comes with B's (within a beat: the change lands on A's next step)
      expect(Math.abs(r!.aFollowedMs as number)).toBeLessThanOrEqual(60_000 / 110);
    },
    90_000,
  );

  itInNamespace("jackd", "LinkHut")(
    "start/stop sync: LinkHut's start and stop start and silence the set; .link start starts LinkHut; journaled",
    async () => {
      const { result: r, output } = await runInNamespace("startstop", 60_000);
      expect(r, output).toBeDefined();
      expect(r!.silentBefore).toBe(0); // it joined a stopped session: silent
      expect(r!.whilePlaying as number).toBeGreaterThanOrEqual(4);
      expect(r!.firstAfterStartMs as number).toBeLessThanOrEqual(600); // the next 8th after the start, output latency included
      expect(r!.lastAfterStopMs as number).toBeLessThanOrEqual(300);
      expect(r!.whileStopped).toBe(0);
      expect(r!.replToLinkHutMs as number).toBeLessThanOrEqual(1000);
      expect(r!.afterReplStart as number).toBeGreaterThanOrEqual(3);
      expect(r!.journalTransport).toEqual([false, true, false, true]);
    },
    90_000,
  );
});
