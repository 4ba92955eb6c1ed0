/**
 * The supervisor hands the playing engine's messages to the output, where the engine has no line
 * of its own to it (an OSC output; before the output thread is open). After a takeover the new
 * engine plays again the instant the old one was stuck in: what the old one already sent is not
 * sent twice (note-offs may be: a second one is harmless, a missing one would hang a note).
 * senders.ts does the same in the output thread for the engines' own lines.
 */
import { releasesOnly } from "../../output/senders.ts";
import type { OutputStats } from "../../output/protocol.ts";
import type { OpenOutput } from "../../output/open-output.ts";
import type { SoundNote } from "../../output/osc/sound-note.ts";

export class OutputRelay {
  /** The output time of the last message sent (a takeover does not send it twice). */
  lastSentAt: number | undefined;
  /** After a takeover: messages up to this output time were sent by the engine that ran away. */
  private sentByOld: number | undefined;

  /** Where the messages go (none: they are dropped; set once the output is open). */
  output: OpenOutput | undefined;

  send(at: number, messages: number[][]): void {
    const link = this.output?.link;
    if (!link) return;
    if (this.sentByOld !== undefined && at <= this.sentByOld + 0.001) {
      messages = releasesOnly(messages);
      if (messages.length === 0) return;
    }
    this.lastSentAt = Math.max(this.lastSentAt ?? -Infinity, at);
    if (messages.length === 1) link.send(at, messages[0]!);
    else link.sendMany(at, messages);
  }

  /** Whole notes (OSC): like note-ons, never sent twice after a takeover. */
  notes(at: number, notes: SoundNote[]): void {
    const link = this.output?.link;
    if (!link?.notes) return;
    if (this.sentByOld !== undefined && at <= this.sentByOld + 0.001) return;
    this.lastSentAt = Math.max(this.lastSentAt ?? -Infinity, at);
    link.notes(at, notes);
  }

  /** A new engine takes over: what was sent so far must not be sent again. */
  takenOver(): void {
    this.sentByOld = this.lastSentAt;
  }

  panic(): void {
    this.output?.link.panic();
  }

  setLatency(ms: number): void {
    this.output?.link.setLatency(ms);
  }

  stats(): Promise<OutputStats> {
    if (!this.output) return Promise.reject(new Error("no live output"));
    return this.output.link.stats();
  }
}
