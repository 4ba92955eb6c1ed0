import { defineConfig } from "vitest/config";

/**
 * Tests that run in real time: the real daemon, the output thread, outside programs. Everything
 * else ("unit") runs on the virtual or a manual clock and never waits for the wall clock.
 */
const LIVE = ["test/e2e/**/*.test.ts", "test/docs/getting-started.test.ts", "test/output/output-thread.test.ts", "test/output/fluidsynth.test.ts", "test/output/osc/osc-out.test.ts", "test/output/osc/scsynth.test.ts"];

// The JSON report lets .ci/run print a plain "N passed, N failed" line while
// the README's test command stays exactly `npm test`.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: LIVE } },
      // One at a time: two daemons starting together on a two-core machine would measure the
      // machine, not the daemon (their timing assertions are about the music keeping time).
      { extends: true, test: { name: "live", include: LIVE, fileParallelism: false } },
    ],
  },
});
