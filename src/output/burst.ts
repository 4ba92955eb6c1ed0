/**
 * The order of the messages that go out together at one instant (a chord): note-offs first, so a
 * re-struck pitch is released before it sounds again; then everything else as given (controls and
 * program changes before the notes they affect); note-ons last, lowest pitch first. The sort is
 * stable, so equal keys keep the caller's order.
 *
 * @example orderBurst([[0x90, 67, 90], [0x90, 60, 90], [0x80, 64, 0]])
 *          // [[0x80, 64, 0], [0x90, 60, 90], [0x90, 67, 90]]
 */
import { checkMessage, isNoteOff, isNoteOn, type MidiBytes } from "./midi-bytes.ts";

/** Messages to send at one instant, each checked (a malformed one throws, naming which) and ordered. */
export function checkedBurst(messages: readonly (readonly number[])[]): number[][] {
  return orderBurst(messages.map((m, i) => checkMessage(m, messages.length > 1 ? `(message ${i} of ${messages.length})` : "")));
}

export function orderBurst<M extends MidiBytes>(messages: readonly M[]): M[] {
  return messages
    .map((m, i) => ({ m, i, rank: rank(m) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.m);
}

function rank(m: MidiBytes): number {
  if (isNoteOff(m)) return 0;
  if (isNoteOn(m)) return 256 + m[1]!; // lowest note first
  return 128;
}
