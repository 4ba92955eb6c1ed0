/** compose(): a whole piece, deterministically, by running a Composer to its end. */
import { Composer } from "./composer.ts";
import { keyName } from "./keys.ts";
import { resolveOptions, type ComposeOptions } from "./options.ts";
import { sortByOnset, type PedalChange, type PhraseInfo, type Piece, type PieceNote } from "./piece.ts";

export function compose(options: ComposeOptions = {}): Piece {
  const bars = options.bars ?? 16;
  resolveOptions({ ...options, bars }, true); // validate before doing anything
  const composer = new Composer({ ...options, bars });
  const notes: PieceNote[] = [];
  const pedal: PedalChange[] = [];
  const phrases: PhraseInfo[] = [];
  for (let ph = composer.next(); ph; ph = composer.next()) {
    for (const n of ph.notes) notes.push(n);
    for (const p of ph.pedal) pedal.push(p);
    phrases.push(ph.info);
  }
  sortByOnset(notes);
  const o = composer.options;
  const endBeat = bars * composer.barBeats;
  const tempoMap = composer.tempoMap(endBeat);
  const last = notes.reduce((m, n) => Math.max(m, n.timeSeconds + n.durationSeconds), 0);
  return {
    seed: o.seed,
    bars,
    bpm: o.bpm,
    timeSignature: composer.metre,
    barBeats: composer.barBeats,
    form: composer.formName as Piece["form"],
    keyName: keyName({ tonic: o.tonic, mode: o.mode }),
    tonic: o.tonic,
    mode: o.mode,
    archetype: o.archetype,
    pianist: o.pianist,
    character: o.givenCharacter,
    performance: o.performance,
    motif: composer.motif,
    sections: composer.sectionsSoFar,
    phrases,
    tension: phrases.map((p) => ({ bar: p.startBar, value: p.tension })),
    notes,
    pedal,
    tempoMap,
    durationSeconds: last,
  };
}
