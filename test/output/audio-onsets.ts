/** A small reader for the FluidSynth end-to-end test: note onsets in raw s16le stereo audio. */

/** Peak level of each 1 ms block (left channel). */
export function envelope(raw: Buffer, sampleRate: number): number[] {
  const frames = Math.floor(raw.length / 4);
  const per = sampleRate / 1000;
  const env: number[] = [];
  for (let b = 0; b * per < frames; b++) {
    let peak = 0;
    const end = Math.min(frames, Math.floor((b + 1) * per));
    for (let f = Math.floor(b * per); f < end; f++) peak = Math.max(peak, Math.abs(raw.readInt16LE(f * 4)));
    env.push(peak);
  }
  return env;
}

/**
 * Onsets (ms from the start of the file): a block louder than `floor` and `jump` times the loudest
 * of the 30 ms before it; after an onset, the next `holdMs` are skipped (one note, one onset).
 */
export function onsets(env: readonly number[], o = { floor: 1000, jump: 4, holdMs: 150 }): number[] {
  const found: number[] = [];
  for (let i = 30; i < env.length; i++) {
    let before = 0;
    for (let j = i - 30; j < i - 3; j++) before = Math.max(before, env[j]!);
    if (env[i]! > o.floor && env[i]! > o.jump * before) {
      found.push(i);
      i += o.holdMs;
    }
  }
  return found;
}
