/**
 * A note as an OSC receiver wants it: everything about it known at its onset, since SuperDirt and
 * most OSC synths get one message per note and no note-off. The live port fills in the musical
 * views of its tick (cycle, tempo, length in seconds) from the tempo map; the OSC output turns it
 * into messages.
 */
export interface SoundNote {
  /** MIDI pitch (60 = middle C). */
  pitch: number;
  /** 0..1, as on the bus. */
  velocity: number;
  /** 0..15 (9 is General MIDI percussion). */
  channel: number;
  /** The note's length in beats and in seconds (at the tempo it plays in). */
  gateBeats: number;
  durationS: number;
  /** Where it starts, in cycles (a cycle is a bar) and in beats from the start of the set. */
  cycle: number;
  beat: number;
  /** The tempo at its onset. */
  bpm: number;
  /** Cycles per second at its onset (bpm / 60 / beats per bar). */
  cps: number;
  /** The node that played it. */
  source?: string;
  /** The note's extra fields (a pattern's `s`, `n`, `orbit`, `gain` …). */
  meta: Readonly<Record<string, unknown>>;
}
