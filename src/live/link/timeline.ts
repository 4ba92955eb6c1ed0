/**
 * The arithmetic of a Link session, pure: beats on a timeline, a tempo change that keeps the beat
 * where it is, phase at a quantum, and which of two sessions the peers keep.
 *
 * Times are a session's "ghost time" in µs (every member converts its own clock to it, from
 * measurement); beats are floats here and µbeats on the wire.
 *
 * @example const tl = { microsPerBeat: 500_000, beatOrigin: 0, timeOrigin: 0 }; // 120 bpm
 *          beatsAt(tl, 1_500_000)          // 3
 *          phaseError(7.25, 3, 4)          // 0.25: a quarter beat ahead of the session at quantum 4
 */
import type { Timeline } from "./wire.ts";

/** Two sessions whose ghost times differ by less than this (µs) are as old as each other. */
export const SESSION_EPSILON_US = 500_000;

export function beatsAt(tl: Timeline, ghostUs: number): number {
  return tl.beatOrigin / 1e6 + (ghostUs - tl.timeOrigin) / tl.microsPerBeat;
}

export function ghostAt(tl: Timeline, beats: number): number {
  return tl.timeOrigin + (beats - tl.beatOrigin / 1e6) * tl.microsPerBeat;
}

export function bpmOf(tl: Timeline): number {
  return 60e6 / tl.microsPerBeat;
}

/** A timeline at `bpm` that has the same beat as `tl` at `atGhostUs`. Its beat origin is later than tl's, so peers take it as the newer. */
export function withTempo(tl: Timeline, bpm: number, atGhostUs: number): Timeline {
  const beatOrigin = Math.max(Math.round(beatsAt(tl, atGhostUs) * 1e6), tl.beatOrigin + 1);
  return { microsPerBeat: Math.round(60e6 / bpm), beatOrigin, timeOrigin: Math.round(ghostAt(tl, beatOrigin / 1e6)) };
}

/** A new session's timeline: at `bpm`, with beat `beats` at ghost time `atGhostUs`. */
export function timelineAt(bpm: number, beats: number, atGhostUs: number): Timeline {
  return { microsPerBeat: Math.round(60e6 / bpm), beatOrigin: Math.round(beats * 1e6), timeOrigin: Math.round(atGhostUs) };
}

/** Whether a peer's timeline replaces ours within one session: the one with the later beat origin is the newer change. */
export function isNewer(theirs: Timeline, ours: Timeline): boolean {
  return theirs.beatOrigin > ours.beatOrigin;
}

/**
 * How far our beat is ahead of the session's, modulo the quantum, in (−q/2, q/2] beats: at quantum 4
 * we are in phase when our bar lines fall on the session's (beat 7 against the session's 3 is in phase).
 */
export function phaseError(ourBeats: number, sessionBeats: number, quantum: number): number {
  let e = (ourBeats - sessionBeats) % quantum;
  if (e > quantum / 2) e -= quantum;
  if (e <= -quantum / 2) e += quantum;
  return e;
}

/**
 * Whether the peers of two sessions keep theirs: the older session (its ghost time further on) wins;
 * sessions of the same age keep the one with the smaller id.
 */
export function theirSessionWins(theirGhostNowUs: number, ourGhostNowUs: number, theirId: string, ourId: string): boolean {
  const diff = theirGhostNowUs - ourGhostNowUs;
  if (diff > SESSION_EPSILON_US) return true;
  return Math.abs(diff) <= SESSION_EPSILON_US && theirId < ourId;
}
