// Entry of an engine thread: workers do not inherit the parent's loader hooks, so register tsx
// here, then load the TypeScript engine.
import { register } from "tsx/esm/api";

register();
await import("./engine-worker.ts");
