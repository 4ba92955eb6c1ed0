/** The MIL piano composer: public API. */
export { compose } from "./whole-piece.ts";
export { Composer, type Phrase, type Steering } from "./composer.ts";
export { MilInputError, MIN_BARS, MAX_BARS, type ComposeOptions } from "./options.ts";
export type { Piece, PieceNote, PedalChange, PhraseInfo, SectionInfo, PlacedChord, Voice } from "./piece.ts";
export {
  type Character,
  type CharacterParams,
  type Metre,
  characterParams,
  characterDistance,
  mixCharacters,
  metreFor,
  CHARACTER_DIMENSIONS,
} from "./character.ts";
export { type Performance, type PerformanceParams, performanceParams, performanceDistance, PERFORMANCE_DIMENSIONS } from "./performance-space.ts";
export { ARCHETYPES, ARCHETYPE_NAMES, findArchetype, type Archetype } from "./archetypes.ts";
export { PIANISTS, PIANIST_NAMES, NEUTRAL_PIANIST, findPianist, type Pianist } from "./pianists.ts";
export { GROOVES, GROOVE_NAMES, type GrooveName } from "./grooves.ts";
export { transformMotif, TRANSFORM_NAMES, type Motif, type TransformName } from "./motif.ts";
export type { Chord, ChordDevice, HarmonicFunction } from "./chords.ts";
export { pieceToSong } from "./to-song.ts";
export { pieceToSvg } from "./svg.ts";
export { summarize, type PieceSummary } from "./summary.ts";
export { KEY_NAMES } from "./keys.ts";
export { PianoNode, RUBATO_LIMIT_BEATS, type PianoOptions, type PlayingPhrase } from "./nodes/piano-node.ts";
