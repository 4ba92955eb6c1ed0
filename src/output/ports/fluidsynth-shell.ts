/**
 * MIDI bytes as FluidSynth shell commands (its TCP shell speaks lines, not MIDI).
 *
 * @example toShellLine([0x90, 60, 100]) // "noteon 0 60 100"
 * @example toShellLine([0x91, 60, 0])   // "noteoff 1 60"
 * @example toShellLine([0xb0, 123, 0])  // "cc 0 123 0"
 * @example toShellLine([0xf8])          // undefined (no shell command for clock)
 */
export function toShellLine(m: readonly number[]): string | undefined {
  const ch = m[0]! & 0x0f;
  switch (m[0]! & 0xf0) {
    case 0x90:
      return m[2] === 0 ? `noteoff ${ch} ${m[1]}` : `noteon ${ch} ${m[1]} ${m[2]}`;
    case 0x80:
      return `noteoff ${ch} ${m[1]}`;
    case 0xb0:
      return `cc ${ch} ${m[1]} ${m[2]}`;
    case 0xc0:
      return `prog ${ch} ${m[1]}`;
    case 0xe0:
      return `pitch_bend ${ch} ${(m[2]! << 7) | m[1]!}`;
    default:
      return undefined;
  }
}
