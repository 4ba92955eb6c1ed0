/**
 * `magicbus compose`: write MIL piano pieces as MIDI files (and optionally a JSON summary and
 * an SVG piano roll). The command owns the clock (default seed and file-name time stamp);
 * the composer itself never reads one.
 */
import { writeFileSync } from "node:fs";
import { ARCHETYPES } from "../mil/archetypes.ts";
import { compose } from "../mil/whole-piece.ts";
import { KEY_NAMES } from "../mil/keys.ts";
import { MAX_BARS, MilInputError, MIN_BARS, type ComposeOptions } from "../mil/options.ts";
import { NEUTRAL_PIANIST, PIANISTS } from "../mil/pianists.ts";
import type { Piece } from "../mil/piece.ts";
import { summarize } from "../mil/summary.ts";
import { pieceToSvg } from "../mil/svg.ts";
import { pieceToSong } from "../mil/to-song.ts";
import { intArg, noMorePositionals, numberArg, parse, UsageError } from "./args.ts";
import { fileToWrite } from "./files.ts";
import { clock, describeWritten, midiFile, songFile, writeSong, type SongFile } from "./song-file.ts";

const USAGE = `usage: npx magicbus compose [--archetype NAME | --character e,d,x,l,v] [--pianist NAME | --performance r,a,p,dp,h,o]
                            [--bars ${MIN_BARS}-${MAX_BARS}] [--key C|C#|…|B] [--mode major|minor] [--bpm B] [--seed S]
                            [-o FILE.mid | -o FILE.wav [--soundfont FILE.sf2]] [--json] [--svg FILE.svg] [--count N] [--list]`;

export async function composeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      archetype: { type: "string", short: "a" },
      character: { type: "string" },
      pianist: { type: "string", short: "p" },
      performance: { type: "string" },
      bars: { type: "string" },
      key: { type: "string", short: "k" },
      mode: { type: "string", short: "m" },
      bpm: { type: "string" },
      seed: { type: "string", short: "s" },
      out: { type: "string", short: "o" },
      soundfont: { type: "string" },
      json: { type: "boolean" },
      svg: { type: "string" },
      count: { type: "string", short: "n" },
      list: { type: "boolean" },
    },
    USAGE,
  );
  noMorePositionals(positionals);
  if (values.list) {
    console.log(listing());
    return 0;
  }
  const count = intArg("count", values.count, 1, 1, 10_000);
  // Without -o each piece gets a time-stamped .mid name of its own (below).
  const out = values.out === undefined ? midiFile("", values.soundfont) : songFile(values.out, values.soundfont, "compose");
  if (values.svg !== undefined) fileToWrite(values.svg);
  const now = new Date();
  const firstSeed = values.seed ?? String(now.getTime() % 1_000_000);
  const options: ComposeOptions = {
    bars: intArg("bars", values.bars, 16, MIN_BARS, MAX_BARS),
    key: values.key,
    mode: values.mode as ComposeOptions["mode"],
    bpm: values.bpm === undefined ? undefined : numberArg("bpm", values.bpm, 120, 20, 300),
    archetype: values.archetype,
    character: values.character === undefined ? undefined : vector("character", values.character, 5),
    pianist: values.pianist,
    performance: values.performance === undefined ? undefined : vector("performance", values.performance, 6),
  };
  const stamp = [now.getHours(), now.getMinutes(), now.getSeconds()].map((x) => String(x).padStart(2, "0")).join("");
  const progress = new Progress(count);
  const summaries = [];
  for (let i = 0; i < count; i++) {
    const seed = count === 1 || !isInteger(firstSeed) ? (count === 1 ? firstSeed : `${firstSeed}-${i}`) : String(Number(firstSeed) + i);
    const piece = composeOrSay({ ...options, seed });
    const file = outName(values.out, piece, stamp, count > 1 ? seed : undefined);
    const written = await writeSong(pieceToSong(piece), { ...out, path: file } satisfies SongFile);
    if (values.svg) writeFileSync(count > 1 ? withSuffix(values.svg, seed) : values.svg, pieceToSvg(piece));
    const summary = { file, ...summarize(piece) };
    summaries.push(summary);
    const line = `${file}${describeWritten(written)}: ${piece.archetype} · ${piece.pianist} · ${piece.keyName} · ${piece.timeSignature} · ${piece.bpm} bpm · ${piece.form} · ${piece.notes.length} notes · ${clock(piece.durationSeconds)} · seed ${seed}`;
    if (values.json) progress.note(line);
    else progress.note(line, true);
    progress.tick(i + 1);
  }
  progress.done();
  if (values.json) console.log(JSON.stringify(count === 1 ? summaries[0] : summaries, null, 2));
  return 0;
}

/** The composer checks what it was asked for (an unknown archetype, a key); its refusals are usage errors. */
function composeOrSay(options: ComposeOptions): Piece {
  try {
    return compose(options);
  } catch (err) {
    if (err instanceof MilInputError) throw new UsageError(err.message);
    throw err;
  }
}

function isInteger(s: string): boolean {
  return /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s));
}

function vector(name: string, text: string, n: number): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length !== n || values.some((v) => !Number.isFinite(v))) {
    throw new UsageError(`--${name} needs ${n} comma-separated numbers from 0 to 1, got "${text}"`);
  }
  return values;
}

/** mil_<Key><maj|min>_<bpm>bpm_<Archetype>_<HHMMSS>.mid, as the seed's README names its files. */
export function defaultFileName(piece: Piece, stamp: string): string {
  const archetype = piece.archetype.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]/g, "");
  return `mil_${KEY_NAMES[piece.tonic]}${piece.mode === "major" ? "maj" : "min"}_${Math.round(piece.bpm)}bpm_${archetype}_${stamp}.mid`;
}

function outName(out: string | undefined, piece: Piece, stamp: string, seed: string | undefined): string {
  if (out) return seed === undefined ? out : withSuffix(out, seed);
  const name = defaultFileName(piece, stamp);
  return seed === undefined ? name : withSuffix(name, seed);
}

function withSuffix(file: string, seed: string): string {
  const dot = file.lastIndexOf(".");
  return dot > 0 ? `${file.slice(0, dot)}_${seed}${file.slice(dot)}` : `${file}_${seed}`;
}

function listing(): string {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ");
  const lines = ["archetypes (energy darkness complexity lyricism volatility):"];
  for (const a of ARCHETYPES) {
    const c = a.character;
    lines.push(`  ${a.name.padEnd(11)} ${a.family.padEnd(10)} ${f([c.energy, c.darkness, c.complexity, c.lyricism, c.volatility])}  ${a.sound}`);
  }
  lines.push("  Random      —          each dimension uniform in 0.1–0.9 (from the seed)");
  lines.push("pianists (rubato attack pedal dynamics highlight ornament):");
  for (const p of [NEUTRAL_PIANIST, ...PIANISTS]) {
    const v = p.performance;
    lines.push(`  ${p.name.padEnd(13)} ${f([v.rubato, v.attack, v.pedal, v.dynamics, v.highlight, v.ornament])}  ${p.sound}`);
  }
  return lines.join("\n");
}

/** A progress bar on a terminal's stderr, shown only once a batch has taken more than a second. */
class Progress {
  private readonly start = performance.now();
  private shown = false;
  constructor(private readonly total: number) {}

  private get visible(): boolean {
    // a redirected stderr gets no carriage-return animation
    return this.total > 1 && process.stderr.isTTY === true && performance.now() - this.start > 1000;
  }

  note(line: string, stdout = false): void {
    if (this.shown) process.stderr.write("\r\x1b[K");
    (stdout ? process.stdout : process.stderr).write(`${line}\n`);
    this.shown = false;
  }

  tick(done: number): void {
    if (!this.visible) return;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const rate = done / ((performance.now() - this.start) / 1000);
    process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${this.total} pieces, ${rate.toFixed(1)}/s`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write("\n");
  }
}
