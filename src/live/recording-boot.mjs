// Entry of the recording thread: workers do not inherit the parent's loader hooks, so register
// tsx here, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./recording-worker.ts");
