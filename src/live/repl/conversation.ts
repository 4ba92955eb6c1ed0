/**
 * One REPL conversation on a pair of streams: the daemon's own terminal, a pipe, or an attached
 * client's socket. Built on node:readline (line editing, history, completion on a TTY; plain lines
 * otherwise). Entries run strictly one after another even when they await; an entry left open
 * (an unclosed bracket or template) continues on the next line with a `... ` prompt.
 */
import { createInterface, type Interface } from "node:readline";
import { inspect } from "node:util";
import chalk, { Chalk } from "chalk";
import { complete } from "./complete.ts";
import type { EvalResult } from "./evaluator.ts";
import { HISTORY_SIZE, historySaver, loadHistory } from "./history.ts";
import { abandonLine, clearPromptLine, printAbovePrompt } from "./terminal.ts";

export interface ReplOutput {
  print(text: string): void;
  error(text: string): void;
}

export interface ReplCommand {
  help: string;
  run(args: string, out: ReplOutput): void | Promise<void>;
}

/**
 * What runs the entries: the ReplEvaluator here, or an engine thread (whose answer comes back as
 * text already formatted: `shown`). `names`/`lookup` serve Tab completion when it is done here.
 */
export interface Evaluator {
  evaluate(input: string, onComplete?: () => void): Promise<EvalResult & { shown?: string }>;
  names?(): string[];
  lookup?(path: string): unknown;
}

export interface ReplSessionOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** true on a TTY: prompts, line editing, completion, history. false on a pipe or socket: results only. */
  terminal: boolean;
  evaluator: Evaluator;
  /** ".nodes" runs commands["nodes"]; ".help" is built in and lists them. */
  commands: Record<string, ReplCommand>;
  /** e.g. "[5:1] › ", re-read whenever the prompt is drawn (default "› "). */
  prompt?: () => string;
  /** Extra words for Tab: node names, "arp.scale", scale names … */
  completions?: () => string[];
  /** Tab completion done elsewhere (an engine thread): replaces the evaluator's names and `completions`. */
  complete?: (line: string) => Promise<[string[], string]>;
  /** TTY only: persistent history. */
  historyFile?: string;
  /** chalk colours when true */
  color?: boolean;
  /** Every complete entry and dot-command, before it runs (for the daemon's journal). */
  onLine?: (line: string) => void;
  /** Ctrl-C on an empty line (TTY). Without it, Ctrl-C on an empty line closes the session. */
  onInterrupt?: () => void;
  onClose?: () => void;
}

const CONTINUATION_PROMPT = "... ";
const DEFAULT_PROMPT = "› ";
const COMMAND = /^\s*\.([A-Za-z][\w-]*)(?:\s+([\s\S]*?))?\s*$/;

export class ReplSession {
  /** Resolves after onClose, once the history file is written. */
  readonly closed: Promise<void>;
  private readonly rl: Interface;
  private readonly paint: typeof chalk;
  private readonly out: ReplOutput;
  /** Complete lines waiting their turn. */
  private readonly queue: string[] = [];
  /** The lines of an entry that is not finished yet. */
  private pending: string[] = [];
  private busy = false;
  /** Input ended or close() was called: finish once the current entry is done. */
  private ending = false;
  private finished = false;
  /** A prompt is on screen, waiting for the performer (TTY). */
  private atPrompt = false;
  private resolveClosed!: () => void;
  /** The last history write: `closed` waits for it. */
  private historySaved = Promise.resolve();

  constructor(private readonly o: ReplSessionOptions) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.paint = new Chalk({ level: o.color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 });
    this.out = { print: (text) => this.emit(text), error: (text) => this.emit(this.paint.red(text)) };
    const history = o.terminal && o.historyFile ? loadHistory(o.historyFile) : [];
    this.rl = createInterface({
      input: o.input,
      output: o.terminal ? o.output : undefined,
      terminal: o.terminal,
      history,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      tabSize: 2,
      completer: !o.terminal
        ? undefined
        : o.complete
          ? (line: string, done: (err: null, result: [string[], string]) => void) => void o.complete!(line).then((r) => done(null, r))
          : (line: string) => this.complete(line),
    });
    if (o.terminal && o.historyFile) {
      const save = historySaver(o.historyFile);
      this.rl.on("history", (h: string[]) => (this.historySaved = save(h)));
    }
    this.rl.on("line", (line) => {
      this.atPrompt = false;
      this.queue.push(line);
      void this.pump();
    });
    this.rl.on("SIGINT", () => this.interrupt());
    this.rl.on("close", () => {
      this.ending = true;
      if (!this.busy) this.finish();
    });
    this.showPrompt();
  }

  /** Redraw the prompt in place (status changed) without disturbing what the user is typing. */
  refreshPrompt(): void {
    if (!this.o.terminal || !this.atPrompt || this.finished) return;
    this.rl.setPrompt(this.currentPrompt());
    this.rl.prompt(true);
  }

  /** Print a message above the prompt without garbling the line being typed (reload notices, errors). */
  notify(text: string): void {
    this.emit(text);
  }

  /** Stop reading; an entry already running finishes, queued ones are dropped; then onClose. */
  close(): void {
    if (this.ending) return;
    this.ending = true;
    this.queue.length = 0;
    // The prompt (the status line) is stale once the set ends: what is printed next takes its line.
    if (this.o.terminal && this.atPrompt) clearPromptLine(this.rl, this.o.output);
    this.rl.close();
    if (!this.busy) this.finish();
  }

  private currentPrompt(): string {
    return this.pending.length > 0 ? CONTINUATION_PROMPT : (this.o.prompt?.() ?? DEFAULT_PROMPT);
  }

  private showPrompt(): void {
    if (this.ending || !this.o.terminal) return;
    this.rl.setPrompt(this.currentPrompt());
    this.rl.prompt(true);
    this.atPrompt = true;
  }

  private writable(): boolean {
    const w = this.o.output as NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };
    return !w.destroyed && !w.writableEnded;
  }

  private emit(text: string): void {
    if (!this.writable()) return;
    const out = this.o.output;
    const block = text.endsWith("\n") ? text : `${text}\n`;
    if (!(this.o.terminal && this.atPrompt)) {
      out.write(block);
      return;
    }
    printAbovePrompt(this.rl, out, block);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    while (this.queue.length > 0) {
      const line = this.queue.shift()!;
      try {
        await this.handle(line);
      } catch (err) {
        this.out.error(`internal error: ${(err as Error)?.message ?? String(err)}`);
      }
    }
    this.busy = false;
    if (this.ending) this.finish();
    else this.showPrompt();
  }

  private async handle(line: string): Promise<void> {
    const command = COMMAND.exec(line);
    if (this.pending.length === 0 && command) {
      this.o.onLine?.(line.trim());
      await this.runCommand(command[1]!, command[2] ?? "");
      return;
    }
    if (this.pending.length > 0 && line.trim() === ".break") {
      this.pending = [];
      return;
    }
    if (this.pending.length === 0 && line.trim() === "") return;
    this.pending.push(line);
    const entry = this.pending.join("\n");
    const result = await this.o.evaluator.evaluate(entry, () => this.o.onLine?.(entry));
    if (result.incomplete) return;
    this.pending = [];
    if (result.error !== undefined) this.out.error(result.error);
    else this.out.print(result.shown ?? inspect(result.value, { colors: !!this.o.color, depth: 3, breakLength: 100 }));
  }

  private commandNames(): string[] {
    return [...new Set(["help", ...Object.keys(this.o.commands)])].sort();
  }

  private async runCommand(name: string, args: string): Promise<void> {
    if (name === "help") {
      const width = Math.max(...this.commandNames().map((n) => n.length));
      const rows = this.commandNames().map((n) => {
        const help = n === "help" ? "list these commands" : this.o.commands[n]!.help;
        return `.${n.padEnd(width)}  ${help}`;
      });
      this.out.print(rows.join("\n"));
      return;
    }
    const command = Object.hasOwn(this.o.commands, name) ? this.o.commands[name] : undefined;
    if (!command) {
      this.out.error(`unknown command .${name}; valid: ${this.commandNames().map((n) => `.${n}`).join(" ")}`);
      return;
    }
    try {
      await command.run(args, this.out);
    } catch (err) {
      this.out.error(`.${name}: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** Tab's candidates for `line`, wherever they are found (for a client on the socket). */
  completeLine(line: string): Promise<[string[], string]> {
    return this.o.complete ? this.o.complete(line) : Promise.resolve(this.complete(line));
  }

  private complete(line: string): [string[], string] {
    return complete(line, {
      names: () => this.o.evaluator.names?.() ?? [],
      extra: () => this.o.completions?.() ?? [],
      commands: () => this.commandNames(),
      lookup: (path) => this.o.evaluator.lookup?.(path),
    });
  }

  /** Ctrl-C: abandon what is typed (like a shell); on an empty line, leave. */
  private interrupt(): void {
    const typed = this.rl.line.length > 0 || this.pending.length > 0;
    if (!typed) {
      if (this.o.onInterrupt) this.o.onInterrupt();
      else this.close();
      return;
    }
    this.pending = [];
    abandonLine(this.rl, this.o.output);
    this.showPrompt();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.atPrompt = false;
    if (this.pending.length > 0 && !this.o.terminal) this.out.error("input ended inside an unfinished entry; it was not run");
    this.pending = [];
    try {
      this.o.onClose?.();
    } finally {
      void this.historySaved.then(this.resolveClosed);
    }
  }
}
