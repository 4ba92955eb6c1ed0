/**
 * MidiOutSink: plays NoteEvents (and control/program changes) at their stamped tick and records
 * everything into a Standard MIDI File, written by close(). Each note's note-off lands exactly
 * `gateBeats` after its note-on. A ledger of sounding notes lets stop() and panic() release
 * exactly the notes that are still sounding.
 */
import { writeFileSync } from "node:fs";
import type { EventBus } from "../core/bus.ts";
import { ControlChangeEvent, NoteEvent, ProgramChangeEvent, TimeSignatureEvent } from "../core/events.ts";
import { Node, type NodeOptions } from "../core/node.ts";
import { TempoMap } from "../core/tempo-map.ts";
import { beatsToTicks, PPQ } from "../core/time.ts";
import { RELEASE_PRIORITY } from "../core/timeline.ts";
import { timeSignatureProblem, writeSmf } from "./smf.ts";
import type { Song, SongControl, SongNote, SongProgram, TimeSignature } from "../song/song.ts";
import { invalidNote, midiVelocity } from "../song/velocity.ts";
import { ALL_NOTES_OFF, CONTROL, NOTE_OFF, NOTE_ON, PROGRAM, type MidiOutput } from "./midi-output.ts";

export interface MidiOutSinkOptions extends NodeOptions {
  /**
   * The tempo the seed's examples pass to the sink as well as to the clock. The clock (the tempo
   * map) owns the tempo; the sink only checks that this agrees and reports it if not.
   */
  bpm?: number;
  /** Where close() writes the Standard MIDI File (none: keep it in memory, see toSong()). */
  outPath?: string;
  /** Only play NoteEvents from these nodes (put a transform between a node and the sink). */
  from?: string | readonly string[];
  /** Only play NoteEvents on these streams. */
  stream?: string | readonly string[];
  timeSignature?: readonly [number, number];
  /** A live output (a MIDI port through the output thread): notes and controls go out at their tick too. */
  output?: MidiOutput;
}

export class MidiOutSink extends Node {
  readonly kind = "midi";
  readonly outPath: string | undefined;
  private readonly notes: SongNote[] = [];
  private readonly controls: SongControl[] = [];
  private readonly programs: SongProgram[] = [];
  /** Sounding notes by channel·128 + pitch, with the nodes they came through. */
  private readonly sounding = new Map<number, { note: SongNote; origin: readonly string[]; cancelOff: () => void }>();
  /** The live output, if any; it can be attached or swapped while playing (a port that comes back). */
  output: MidiOutput | undefined;
  /** Nodes whose notes are not played (the performer's .mute), and the soloed ones. */
  private readonly muted = new Set<string>();
  private readonly soloed = new Set<string>();
  /** The metre from tick 0, then each change a TimeSignatureEvent brought, in tick order. */
  private readonly timeSignatures: TimeSignature[];
  /** Onsets in these tick spans are not played (the music an engine takeover could not send in time). */
  private readonly silences: Array<{ from: number; until: number }> = [];
  private readonly filter: Pick<MidiOutSinkOptions, "from" | "stream">;
  /** False while a stopped transport (Link start/stop sync) keeps the set silent. */
  playing = true;
  /** The tick the sink stopped at: the end of its recording (undefined while it plays). */
  stoppedAt: number | undefined;
  private readonly expectedBpm: number | undefined;

  constructor(bus: EventBus, options: MidiOutSinkOptions = {}) {
    super(bus, "midi", options);
    this.outPath = options.outPath;
    this.output = options.output;
    // The seed passes the tempo to the sink too; the tempo map (set by the clock) owns it, so the
    // sink only checks that the two agree (onStart) and never writes a tempo of its own.
    if (options.bpm !== undefined) TempoMap.check(options.bpm);
    this.expectedBpm = options.bpm;
    const [numerator, denominator] = options.timeSignature ?? [4, 4];
    const bad = timeSignatureProblem(numerator, denominator);
    if (bad) throw new RangeError(`${this.name}: time signature ${numerator}/${denominator}: ${bad}`);
    this.timeSignatures = [{ tick: 0, numerator, denominator }];
    this.filter = {
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.stream !== undefined ? { stream: options.stream } : {}),
    };
  }

  /** Notes recorded so far. */
  get noteCount(): number {
    return this.notes.length;
  }

  /** Notes sounding right now. */
  get soundingCount(): number {
    return this.sounding.size;
  }

  protected override onStart(): void {
    this.stoppedAt = undefined;
    const bpm = this.bus.timeline.tempo.bpmAt(this.bus.now);
    if (this.expectedBpm !== undefined && this.expectedBpm !== bpm) {
      this.bus.report({
        kind: "node",
        node: this.name,
        message: `${this.name}: bpm ${this.expectedBpm} is not the set's tempo (${bpm} bpm); the tempo is the clock's: give the Clock bpm: ${this.expectedBpm}`,
      });
    }
    // A node that stops (removed, failed, replaced by a reload) leaves nothing sounding.
    this.onDispose(this.bus.onNodeStopped((name) => name !== this.name && this.releaseFrom(name)));
    this.listen(NoteEvent, (ev) => this.play(ev), this.filter);
    this.listen(ControlChangeEvent, (ev) => this.control(ev.tick ?? this.bus.now, ev.channel, ev.controller, ev.value));
    this.listen(ProgramChangeEvent, (ev) => this.program(ev.tick ?? this.bus.now, ev.channel, ev.program));
    this.listen(TimeSignatureEvent, (ev) => this.metre(ev.tick ?? this.bus.now, ev.numerator, ev.denominator));
  }

  /** A new time signature from `tick` on (the same one again changes nothing; a second at one tick replaces the first). */
  metre(tick: number, numerator: number, denominator: number): void {
    const bad = timeSignatureProblem(numerator, denominator);
    if (bad) return this.refuse(`time signature ${numerator}/${denominator} refused: ${bad}`, "metre");
    const last = this.timeSignatures[this.timeSignatures.length - 1]!;
    if (tick < last.tick) return this.refuse(`time signature at tick ${tick} refused: the recording is already at ${last.tick}`, "metre");
    if (tick === last.tick) this.timeSignatures.pop();
    const before = this.timeSignatures[this.timeSignatures.length - 1];
    if (before && before.numerator === numerator && before.denominator === denominator) return;
    this.timeSignatures.push({ tick, numerator, denominator });
  }

  /** Stopping releases every sounding note now, and the recording ends here. */
  protected override onStop(): void {
    this.stoppedAt = this.bus.now;
    this.releaseAll(this.bus.now);
  }

  /** End every sounding note at `tick` (default now): all notes off. */
  panic(tick: number = this.bus.now): number {
    const n = this.releaseAll(tick);
    // And for whatever a synth may still hold that we did not send: All Notes Off everywhere.
    for (let ch = 0; ch < 16; ch++) this.output?.send(tick, [CONTROL | ch, ALL_NOTES_OFF, 0]);
    return n;
  }

  /** End at `tick` every sounding note that came from (or through) node `name`. */
  releaseFrom(name: string, tick: number = this.bus.now): number {
    return this.release((origin) => origin.includes(name), tick);
  }

  /** Silence node `name` (its sounding notes end now) until unmute. */
  mute(name: string): void {
    this.muted.add(name);
    this.releaseFrom(name);
  }

  unmute(name?: string): void {
    if (name === undefined) this.muted.clear();
    else this.muted.delete(name);
  }

  /** Play only the soloed nodes (and what they feed); no names: solo off. */
  solo(names: readonly string[]): void {
    this.soloed.clear();
    for (const n of names) this.soloed.add(n);
    if (this.soloed.size > 0) this.release((origin) => !this.audible(origin), this.bus.now);
  }

  /** Stopped: sounding notes end now, and no note is played until started again. */
  setPlaying(playing: boolean): void {
    this.playing = playing;
    if (!playing) this.releaseAll(this.bus.now);
  }

  /**
   * Drop every note that starts in [from, until): after a runaway engine was replaced, these
   * notes' time had passed before the new engine could send them, so nobody heard them.
   */
  silence(from: number, until: number): void {
    if (until > from) this.silences.push({ from, until });
  }

  get mutedNodes(): string[] {
    return [...this.muted];
  }

  get soloedNodes(): string[] {
    return [...this.soloed];
  }

  control(tick: number, channel: number, controller: number, value: number): void {
    const bad = checkData("controller", controller) ?? checkData("value", value) ?? checkChannel(channel);
    if (bad) return this.refuse(`control change refused: ${bad}`, "cc");
    this.controls.push({ tick, channel, controller, value });
    this.output?.send(tick, [CONTROL | channel, controller, value]);
  }

  program(tick: number, channel: number, program: number): void {
    const bad = checkData("program", program) ?? checkChannel(channel);
    if (bad) return this.refuse(`program change refused: ${bad}`, "program");
    this.programs.push({ tick, channel, program });
    this.output?.send(tick, [PROGRAM | channel, program]);
  }

  /**
   * What has been recorded, as live lists (not copies) for a recorder that follows them by
   * index: notes are appended (a slot may be replaced by a louder same-tick note, and a note's
   * endTick may still shrink while it sounds); controls and programs are only appended.
   */
  recorded(): { notes: readonly SongNote[]; controls: readonly SongControl[]; programs: readonly SongProgram[]; timeSignatures: readonly TimeSignature[] } {
    return { notes: this.notes, controls: this.controls, programs: this.programs, timeSignatures: this.timeSignatures };
  }

  /** The recording as a Song (tempo map and metre included); once the sink has stopped, it ends there. */
  toSong(): Song {
    return {
      ppq: PPQ,
      tempos: this.bus.timeline.tempo.changes.map((c) => ({ tick: c.tick, bpm: c.bpm })),
      timeSignatures: this.timeSignatures.map((t) => ({ ...t })),
      tracks: [{ name: this.name, notes: this.notes.map((n) => ({ ...n })), controls: [...this.controls], programs: [...this.programs] }],
      ...(this.stoppedAt !== undefined ? { endTick: this.stoppedAt } : {}),
    };
  }

  /** Write the file (if an outPath was given) and return the recording. Notes keep their exact gates. */
  close(): Song {
    const song = this.toSong();
    if (this.outPath) writeFileSync(this.outPath, writeSmf(song));
    return song;
  }

  private play(ev: NoteEvent): void {
    const bad = invalidNote(ev);
    if (bad) return this.refuse(`note from ${ev.source} refused: ${bad}`, `note:${ev.source}:${bad.split(",")[0]}`);
    if (ev.velocity === 0) return; // a silent note: nothing to play
    if (!this.playing) return;
    const origin = [...ev.via, ...ev.route, ...(ev.source === undefined ? [] : [ev.source])];
    if (!this.audible(origin)) return;
    // A source taken over by a groove or an ornamenter is heard through it, not twice.
    if (ev.source !== undefined && this.bus.isTaken(ev.source) && !this.listensTo(ev.source)) return;
    const tick = ev.tick ?? this.bus.now;
    if (this.silences.some((s) => tick >= s.from && tick < s.until)) return;
    const key = ev.channel * 128 + ev.pitch;
    const note: SongNote = {
      tick,
      endTick: tick + Math.max(1, beatsToTicks(ev.gateBeats)),
      pitch: ev.pitch,
      velocity: midiVelocity(ev.velocity),
      channel: ev.channel,
    };
    // Re-striking a sounding pitch: the earlier note ends here (one key, one sound). Struck
    // again at the very tick it started, it would have no length at all: the two become one,
    // the louder (the earlier on a tie) with its own gate, as writeSmf keeps the louder of such notes.
    const earlier = this.sounding.get(key)?.note;
    let slot = -1;
    if (earlier && earlier.tick === tick) {
      if (note.velocity <= earlier.velocity) return;
      slot = this.notes.lastIndexOf(earlier);
    }
    // One key, one sound: whatever sounds on this key ends before the new note starts.
    if (this.sounding.has(key)) this.endNote(key, tick);
    // The louder of two same-tick notes takes the earlier one's place in the list (so a recording
    // that follows the list by index sees that slot change).
    if (slot >= 0) this.notes[slot] = note;
    else this.notes.push(note);
    this.output?.send(tick, [NOTE_ON | note.channel, note.pitch, note.velocity]);
    this.output?.note?.(tick, {
      pitch: note.pitch,
      velocity: ev.velocity,
      channel: note.channel,
      lengthTicks: note.endTick - note.tick,
      ...(ev.source !== undefined ? { source: ev.source } : {}),
      meta: ev.meta,
    });
    const cancelOff = this.bus.timeline.at(
      note.endTick,
      () => {
        if (this.sounding.get(key)?.note !== note) return;
        this.sounding.delete(key);
        this.output?.send(note.endTick, [NOTE_OFF | note.channel, note.pitch, 0]);
      },
      RELEASE_PRIORITY,
    );
    this.sounding.set(key, { note, origin, cancelOff });
  }

  /** End the note sounding on `key` at `tick` (if it would end later): its note-off goes out then. */
  private endNote(key: number, tick: number): void {
    const entry = this.sounding.get(key);
    if (!entry) return;
    this.sounding.delete(key);
    const { note } = entry;
    entry.cancelOff();
    note.endTick = Math.max(note.tick + 1, Math.min(note.endTick, tick));
    this.output?.send(note.endTick, [NOTE_OFF | note.channel, note.pitch, 0]);
  }

  /** Was this sink told to play exactly `source` (its `from` option)? Then it plays it even when taken. */
  private listensTo(source: string): boolean {
    const from = this.filter.from;
    return from !== undefined && (typeof from === "string" ? from === source : from.includes(source));
  }

  private audible(origin: readonly string[]): boolean {
    if (origin.some((n) => this.muted.has(n))) return false;
    return this.soloed.size === 0 || origin.some((n) => this.soloed.has(n));
  }

  private releaseAll(tick: number): number {
    return this.release(() => true, tick);
  }

  private release(which: (origin: readonly string[]) => boolean, tick: number): number {
    let n = 0;
    for (const [key, { origin }] of [...this.sounding]) {
      if (!which(origin)) continue;
      this.endNote(key, tick);
      n++;
    }
    return n;
  }

  private refuse(message: string, key: string): void {
    this.bus.report({ kind: "midi", node: this.name, message: `${this.name}: ${message}` }, `${this.name}:${key}`);
  }
}

function checkData(what: string, v: number): string | undefined {
  return Number.isInteger(v) && v >= 0 && v <= 127 ? undefined : `${what} must be an integer from 0 to 127, got ${v}`;
}

function checkChannel(c: number): string | undefined {
  return Number.isInteger(c) && c >= 0 && c <= 15 ? undefined : `channel must be an integer from 0 to 15, got ${c}`;
}
