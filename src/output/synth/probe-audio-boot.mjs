// Entry of the audio device probe's process: register tsx (a child does not inherit the parent's
// loader hooks), then load the probe.
import { register } from "tsx/esm/api";

register();
await import("./probe-audio-child.ts");
