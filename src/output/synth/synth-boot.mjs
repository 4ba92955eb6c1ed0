// Entry of the synth thread: register tsx (workers do not inherit loader hooks), then load it.
import { register } from "tsx/esm/api";

register();
await import("./synth-thread.ts");
