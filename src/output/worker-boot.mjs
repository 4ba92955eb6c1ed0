// Entry of the output thread. Workers do not inherit the parent's loader hooks, so register tsx
// here, then load the TypeScript worker. Works the same under `node src/cli/bin.js` and vitest.
import { register } from "tsx/esm/api";

register();
await import("./output-worker.ts");
