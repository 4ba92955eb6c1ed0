/**
 * Tab from a second terminal: the client does the line editing but the names live in the daemon,
 * so on Tab the client asks over the socket and the daemon answers on a line of its own. Both
 * lines start with a control character no one types, so they never mix with what the performer
 * writes or reads (the client takes the answer out before printing).
 */
const MARK = "\u0001tab ";

/** The line the client sends to ask for the completions of `line`. */
export const askTab = (line: string): string => `${MARK}${JSON.stringify(line)}\n`;

/** The line the daemon sends back: readline's [candidates, the part of the line they replace]. */
export const answerTab = (result: [string[], string]): string => `${MARK}${JSON.stringify(result)}\n`;

/** What a request or an answer line carries (undefined: not one; any line else goes on as usual). */
export function readTab<T>(line: string): T | undefined {
  if (!line.startsWith(MARK)) return undefined;
  try {
    return JSON.parse(line.slice(MARK.length)) as T;
  } catch {
    return undefined;
  }
}
