import { defineConfig } from "vitest/config";

// The JSON report lets .ci/run print a plain "N passed, N failed" line while
// the README's test command stays exactly `npm test`.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    testTimeout: 20_000,
  },
});
