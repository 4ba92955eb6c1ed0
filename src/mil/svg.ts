/**
 * A picture of a piece: piano roll (melody, accompaniment, bass in three colours, velocity as
 * opacity, pedal as a band, bar lines and section labels) with the tension curve underneath.
 */
import type { Piece, Voice } from "./piece.ts";

const COLOURS: Record<Voice, string> = { melody: "#d1495b", accompaniment: "#4f7cac", bass: "#2e4057" };
const WIDTH = 1400;
const ROLL = 420;
const TENSION = 110;
const MARGIN = 40;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function pieceToSvg(p: Piece): string {
  const beats = p.bars * p.barBeats;
  let low = 127;
  let high = 0;
  for (const n of p.notes) {
    low = Math.min(low, n.pitch);
    high = Math.max(high, n.pitch);
  }
  low -= 2;
  high += 2;
  const x = (b: number) => MARGIN + (b / beats) * (WIDTH - 2 * MARGIN);
  const rowH = ROLL / (high - low + 1);
  const y = (pitch: number) => 30 + (high - pitch) * rowH;
  const tTop = 30 + ROLL + 44;
  const out: string[] = [];
  const H = tTop + TENSION + 30;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${H}" viewBox="0 0 ${WIDTH} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#fbfaf7"/>`);
  out.push(
    `<text x="${MARGIN}" y="18" font-size="13">${esc(`${p.archetype} · ${p.pianist} · ${p.keyName} · ${p.timeSignature} · ${p.bpm} bpm · ${p.form} · seed ${p.seed}`)}</text>`,
  );
  // octave guides (C notes)
  for (let m = Math.ceil(low / 12) * 12; m <= high; m += 12) {
    out.push(`<line x1="${MARGIN}" x2="${WIDTH - MARGIN}" y1="${y(m) + rowH}" y2="${y(m) + rowH}" stroke="#e4e0d8"/>`);
    out.push(`<text x="4" y="${y(m) + rowH}" fill="#999">C${m / 12 - 1}</text>`);
  }
  for (let b = 0; b <= p.bars; b++) {
    out.push(`<line x1="${x(b * p.barBeats)}" x2="${x(b * p.barBeats)}" y1="30" y2="${30 + ROLL}" stroke="${b % 4 === 0 ? "#d5d0c5" : "#eeebe4"}"/>`);
  }
  for (const s of p.sections) {
    out.push(`<text x="${x(s.startBar * p.barBeats) + 3}" y="${30 + ROLL + 14}" fill="#555">${esc(`${s.role} · ${s.keyName}`)}</text>`);
  }
  // pedal bands
  for (let i = 0; i + 1 < p.pedal.length; i += 2) {
    const a = p.pedal[i]!;
    const b = p.pedal[i + 1]!;
    out.push(`<rect x="${x(a.playedBeat)}" y="${30 + ROLL + 18}" width="${Math.max(1, x(b.playedBeat) - x(a.playedBeat))}" height="4" fill="#c9b458"/>`);
  }
  for (const n of p.notes) {
    const w = Math.max(1, x(n.playedBeat + n.durationBeats) - x(n.playedBeat));
    out.push(
      `<rect x="${x(n.playedBeat).toFixed(1)}" y="${y(n.pitch).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(1, rowH - 0.5).toFixed(1)}" fill="${COLOURS[n.voice]}" fill-opacity="${(0.25 + (0.75 * n.velocity) / 127).toFixed(2)}"/>`,
    );
  }
  // tension curve, scaled to its own range so its shape is visible
  const values = p.phrases.map((ph) => ph.tension);
  const tLow = Math.max(0, Math.min(...values) - 0.05);
  const tHigh = Math.min(1, Math.max(...values) + 0.05);
  out.push(`<text x="${MARGIN}" y="${tTop - 4}" fill="#555">tension per phrase (${tLow.toFixed(2)}–${tHigh.toFixed(2)})</text>`);
  out.push(`<rect x="${MARGIN}" y="${tTop}" width="${WIDTH - 2 * MARGIN}" height="${TENSION}" fill="none" stroke="#ddd"/>`);
  const pts: string[] = [];
  p.phrases.forEach((ph) => {
    const ty = tTop + TENSION - ((ph.tension - tLow) / Math.max(1e-6, tHigh - tLow)) * TENSION;
    pts.push(`${x(ph.startBar * p.barBeats).toFixed(1)},${ty.toFixed(1)}`, `${x((ph.startBar + ph.bars) * p.barBeats).toFixed(1)},${ty.toFixed(1)}`);
  });
  out.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="#d1495b" stroke-width="2"/>`);
  const legend: [string, string][] = [["melody", COLOURS.melody], ["accompaniment", COLOURS.accompaniment], ["bass", COLOURS.bass], ["pedal", "#c9b458"]];
  legend.forEach(([name, colour], i) => {
    out.push(`<rect x="${WIDTH - MARGIN - 440 + i * 110}" y="8" width="10" height="10" fill="${colour}"/><text x="${WIDTH - MARGIN - 426 + i * 110}" y="17">${name}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}
