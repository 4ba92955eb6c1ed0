/** The synths a live set can play through (docs/sound.md): named here so the command line can check one without loading them. */
export type Synth = "builtin" | "fluidsynth";
export const SYNTHS: readonly Synth[] = ["builtin", "fluidsynth"];
