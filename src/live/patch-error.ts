import { codeFrame, type SourceLocation } from "./code-frame.ts";

/** A patch that could not be built or loaded; `message` carries file:line:col and a code frame. */
export class PatchError extends Error {
  constructor(
    readonly summary: string,
    readonly location?: SourceLocation,
    readonly phase: "compile" | "load" | "validate" = "compile",
  ) {
    super(codeFrame(summary, location));
    this.name = "PatchError";
  }
}
