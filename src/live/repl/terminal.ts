/** Printing above a readline prompt without garbling the line the performer is typing. */
import { clearScreenDown, cursorTo, moveCursor, type Interface } from "node:readline";

/** Clear the prompt and the typed line, print `text` above them, draw them again as they were. */
export function printAbovePrompt(rl: Interface, output: NodeJS.WritableStream, text: string): void {
  clearPromptLine(rl, output);
  output.write(text.endsWith("\n") ? text : `${text}\n`);
  forgetDrawnRows(rl);
  rl.prompt(true);
}

/**
 * After printing above the prompt the cursor is at the start of a fresh row; readline must not
 * move up over that text when it redraws (it remembers how many rows the old input took).
 */
export function forgetDrawnRows(rl: Interface): void {
  const state = rl as unknown as { prevRows?: number };
  if (typeof state.prevRows === "number") state.prevRows = 0;
}

/** Wipe the prompt and the typed line (however many rows they wrap to), leaving the cursor where they began. */
export function clearPromptLine(rl: Interface, output: NodeJS.WritableStream): void {
  const { rows } = rl.getCursorPos();
  if (rows > 0) moveCursor(output, 0, -rows);
  cursorTo(output, 0);
  clearScreenDown(output);
}

/** Ctrl-C with something typed: keep it visible with ^C, as a shell does, and start an empty line. */
export function abandonLine(rl: Interface, output: NodeJS.WritableStream): void {
  output.write("^C\n");
  forgetDrawnRows(rl);
  // Ctrl-E then Ctrl-U: readline's own way of emptying the line it is editing.
  rl.write(null, { ctrl: true, name: "e" });
  rl.write(null, { ctrl: true, name: "u" });
}
