/**
 * A Piece as a Standard MIDI File song: three tracks (melody, accompaniment, bass) on one piano
 * channel so a DAW shows the voices, the sustain pedal as CC64 on the bass track, time and key
 * signatures, and the rubato as a tempo map (one tempo per 16th). Notes sit at their played
 * beats, so the file's bar lines match the music and its seconds match the Piece's.
 */
import { PPQ } from "../core/time.ts";
import type { Song, SongControl, SongNote, SongTrack } from "../song/song.ts";
import { keySignature } from "./keys.ts";
import type { Piece, Voice } from "./piece.ts";

const CHANNEL = 0;
const SUSTAIN = 64;

export function pieceToSong(piece: Piece): Song {
  const tick = (beat: number) => Math.max(0, Math.round(beat * PPQ));
  const tracks: Record<Voice, SongTrack & { notes: SongNote[] }> = {
    melody: { name: "melody", notes: [], programs: [{ tick: 0, channel: CHANNEL, program: 0 }] },
    accompaniment: { name: "accompaniment", notes: [] },
    bass: { name: "bass", notes: [] },
  };
  for (const n of piece.notes) {
    const on = tick(n.playedBeat);
    const off = Math.max(on + 1, tick(n.playedBeat + n.durationBeats));
    tracks[n.voice].notes.push({ tick: on, endTick: off, pitch: n.pitch, velocity: n.velocity, channel: CHANNEL });
  }
  const controls: SongControl[] = piece.pedal.map((p) => ({ tick: tick(p.playedBeat), channel: CHANNEL, controller: SUSTAIN, value: p.value }));
  tracks.bass.controls = controls;
  const [num, den] = piece.timeSignature.split("/").map(Number) as [number, number];
  return {
    ppq: PPQ,
    tempos: piece.tempoMap.map((t) => ({ tick: tick(t.beat), bpm: t.bpm })),
    timeSignatures: [{ tick: 0, numerator: num, denominator: den }],
    keySignatures: [{ tick: 0, sharps: keySignature({ tonic: piece.tonic, mode: piece.mode }), minor: piece.mode === "minor" }],
    tracks: [tracks.melody, tracks.accompaniment, tracks.bass],
  };
}
