/** NoteEvent velocities are 0..1 (the seed's convention); MIDI wants 1..127 (0 would mean note-off). */
export function midiVelocity(v: number): number {
  return Math.min(127, Math.max(1, Math.round(v * 127)));
}

/** Why a note cannot be played, or undefined when it can. */
export function invalidNote(n: { pitch: number; velocity: number; gateBeats: number; channel: number }): string | undefined {
  if (!Number.isInteger(n.pitch) || n.pitch < 0 || n.pitch > 127) return `pitch must be an integer from 0 to 127, got ${n.pitch}`;
  if (typeof n.velocity !== "number" || !(n.velocity >= 0 && n.velocity <= 1)) return `velocity must be from 0 to 1, got ${n.velocity}`;
  if (typeof n.gateBeats !== "number" || !(n.gateBeats > 0) || !Number.isFinite(n.gateBeats)) return `gateBeats must be a positive number, got ${n.gateBeats}`;
  if (!Number.isInteger(n.channel) || n.channel < 0 || n.channel > 15) return `channel must be an integer from 0 to 15, got ${n.channel}`;
  return undefined;
}
