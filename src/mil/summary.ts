/** The facts of a piece a person (or a script) wants first: for `compose --json`. */
import { KEY_NAMES } from "./keys.ts";
import type { Piece } from "./piece.ts";

export interface PieceSummary {
  archetype: string;
  pianist: string;
  key: string;
  bpm: number;
  timeSignature: string;
  bars: number;
  form: string;
  sections: { role: string; startBar: number; bars: number; key: string }[];
  noteCount: number;
  range: { low: number; high: number };
  durationSeconds: number;
  seed: string;
  character: number[];
  performance: number[];
  textures: string[];
  tension: number[];
  /** harmonic-field uncertainty per phrase, bits */
  uncertainty: number[];
}

export function summarize(p: Piece): PieceSummary {
  let low = 127;
  let high = 0;
  for (const n of p.notes) {
    low = Math.min(low, n.pitch);
    high = Math.max(high, n.pitch);
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    archetype: p.archetype,
    pianist: p.pianist,
    key: `${KEY_NAMES[p.tonic]} ${p.mode}`,
    bpm: p.bpm,
    timeSignature: p.timeSignature,
    bars: p.bars,
    form: p.form,
    sections: p.sections.map((s) => ({ role: s.role, startBar: s.startBar + 1, bars: s.bars, key: s.keyName })),
    noteCount: p.notes.length,
    range: { low, high },
    durationSeconds: r(p.durationSeconds),
    seed: p.seed,
    character: Object.values(p.character).map(r),
    performance: Object.values(p.performance).map(r),
    textures: [...new Set(p.phrases.map((x) => x.pattern))],
    tension: p.tension.map((t) => r(t.value)),
    uncertainty: p.phrases.map((ph) => r(ph.uncertainty)),
  };
}
