/**
 * A recording of the live set to a Standard MIDI File that is valid at every moment: it is
 * rewritten every couple of seconds to a temporary file and renamed over the old one (atomic on
 * one file system), so a crash leaves the last complete file, holding all but the last seconds.
 */
import { renameSync, writeFileSync } from "node:fs";
import type { MidiOutSink } from "../midi/midi-out-sink.ts";
import { writeSmf } from "../midi/smf.ts";
import { sliceSong } from "../midi/song.ts";

export class Recording {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly path: string,
    private readonly midi: MidiOutSink,
    readonly fromTick = 0,
    flushEveryMs = 2000,
  ) {
    this.flush();
    if (flushEveryMs > 0) {
      this.timer = setInterval(() => this.flush(), flushEveryMs);
      this.timer.unref();
    }
  }

  /** Write what has been played so far. */
  flush(toTick?: number): void {
    const song = sliceSong(this.midi.toSong(), this.fromTick, toTick);
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, writeSmf(song));
    renameSync(tmp, this.path);
  }

  /** The last write: everything up to `toTick` (default: all that was played). */
  stop(toTick?: number): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.flush(toTick);
  }
}
