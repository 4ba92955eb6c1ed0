/** magicbus: the public API (`import { … } from "magicbus"`). */
export { EventBus, type EventFilter, type EventType, type Logger, type Problem } from "./core/bus.ts";
export { Subscription, SubscriptionClosed } from "./core/subscription.ts";
export {
  BusEvent,
  TickEvent,
  TriggerEvent,
  ValueEvent,
  ParamChangeEvent,
  NoteEvent,
  ControlChangeEvent,
  ProgramChangeEvent,
  ChordEvent,
  TimeSignatureEvent,
  ErrorEvent,
} from "./core/events.ts";
export { System, type NodeLike, type SystemOptions } from "./core/system.ts";
export { EventScheduler } from "./core/scheduler.ts";
export { Clock, type ClockOptions } from "./core/clock.ts";
export { Node, type NodeOptions } from "./core/node.ts";
export { ParamError, intParam, numberParam, boolParam, stringParam, choiceParam, intListParam, type ParamSpec } from "./core/params.ts";
export { Timeline, CONTEXT_PRIORITY } from "./core/timeline.ts";
export { TempoMap } from "./core/tempo-map.ts";
export { PPQ, beatsToTicks, ticksToBeats, formatPosition, type Ticks, type Beats, type Seconds } from "./core/time.ts";
export { type RandomPolicy, SeededRandom, FixedSequenceRandom, randomFor } from "./core/random.ts";
export { Scale, ScaleRegistry, ScaleError } from "./music/scale.ts";
export { defaultScales } from "./music/scale-library.ts";
export { bjorklund, rotate, formatRhythm } from "./music/bjorklund.ts";
export { EuclideanPattern } from "./music/euclidean-pattern.ts";
export { EuclideanRhythmNode, type EuclideanRhythmNodeOptions } from "./music/euclidean-node.ts";
export { Arpeggiator, ArpConfig, type ArpeggiatorOptions } from "./music/arpeggiator.ts";
export { ARP_PATTERNS, type ArpPattern } from "./music/arp-patterns.ts";
export { ContinuousSignal, type ContinuousSignalOptions } from "./music/continuous-signal.ts";
export { Integrator, type IntegratorOptions } from "./music/integrator.ts";
export { ChordGenerator, type ChordGeneratorOptions } from "./music/chord-generator.ts";
export { Swing, type SwingOptions } from "./music/swing.ts";
export { Humanize, type HumanizeOptions } from "./music/humanize.ts";
export { ProbabilityRouter, type ProbabilityRouterOptions } from "./music/probability-router.ts";
export { Quantizer, type QuantizerOptions } from "./music/quantizer.ts";
export { ParamFollower, type ParamFollowerOptions } from "./music/param-follower.ts";
export { EventRecorder, noteName, type EventRecorderOptions } from "./music/event-recorder.ts";
export { MidiOutSink, type MidiOutSinkOptions } from "./midi/midi-out-sink.ts";
export { MidiAuxRouter } from "./midi/midi-aux-router.ts";
export { writeSmf, readSmf } from "./midi/smf.ts";
export { allNotes, type Song, type SongNote, type SongTrack } from "./song/song.ts";
export { MidiParser, type MidiParserOptions } from "./midi/input/parser.ts";
export type { MidiMessage, MidiInputError } from "./midi/input/messages.ts";
export {
  ControllerMap,
  ControllerMapError,
  type MapOptions,
  type Mapping,
  type ParamChange,
  type ControllerMapOptions,
} from "./midi/input/controller-map.ts";
export { MidiClockOut, type MidiClockOutOptions } from "./midi/clock/clock-out.ts";
export { MidiClockFollower, type MidiClockFollowerOptions } from "./midi/clock/clock-in.ts";
export {
  compose,
  Composer,
  MilInputError,
  ARCHETYPES,
  ARCHETYPE_NAMES,
  PIANISTS,
  PIANIST_NAMES,
  pieceToSong,
  pieceToSvg,
  summarize,
  type Piece,
  type PieceNote,
  type ComposeOptions,
  type Phrase,
  type Steering,
  type Character,
  type Performance,
  PianoNode,
  type PianoOptions,
} from "./mil/index.ts";
export {
  HarmonyNode,
  GrooveNode,
  OrnamentNode,
  TensionNode,
  planPhrase,
  type HarmonyNodeOptions,
  type HarmonyChord,
  type PlannedPhrase,
  type GrooveNodeOptions,
  type OrnamentNodeOptions,
  type TensionNodeOptions,
} from "./mil/nodes/index.ts";
export { PatternNode, DRUM_CHANNEL, type PatternNodeOptions } from "./pattern/pattern-node.ts";
export { READINGS, type Reading } from "./pattern/voicing.ts";
export { mini } from "./pattern/mini.ts";
export * from "./pattern/pattern-functions.ts";
export { Pattern } from "./pattern/pattern.ts";
export { PatternError } from "./pattern/arguments.ts";
export type { Amount, PatternLike } from "./pattern/transform.ts";
