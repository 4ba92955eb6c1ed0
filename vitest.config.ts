import { defineConfig } from "vitest/config";

/** Tests that start the real daemon: each runs several threads in real time. */
const LIVE = ["test/e2e/**/*.test.ts", "test/docs/getting-started.test.ts"];

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
