/**
 * Drum names as General MIDI percussion notes (channel 10), the short names drum machines and
 * Tidal's sample banks use. A table apart from code, so the docs can print it.
 */
export const DRUM_NOTES: Readonly<Record<string, number>> = {
  bd: 36, // bass drum 1 (kick)
  kick: 36,
  bd2: 35, // acoustic bass drum
  rim: 37, // side stick
  rs: 37,
  sd: 38, // acoustic snare
  snare: 38,
  sn: 38, // the snares of Tidal's sample banks (Dirt-Samples): "bd sn" is how many performers type a beat
  cp: 39, // hand clap
  clap: 39,
  sd2: 40, // electric snare
  lft: 41, // low floor tom
  hh: 42, // closed hi-hat
  ch: 42,
  hft: 43, // high floor tom
  ph: 44, // pedal hi-hat
  lt: 45, // low tom
  oh: 46, // open hi-hat
  mt: 47, // low-mid tom
  hmt: 48, // hi-mid tom
  cr: 49, // crash cymbal 1
  crash: 49,
  ht: 50, // high tom
  rd: 51, // ride cymbal 1
  ride: 51,
  cy: 52, // chinese cymbal
  rb: 53, // ride bell
  tb: 54, // tambourine
  sp: 55, // splash cymbal
  cb: 56, // cowbell
  cr2: 57, // crash cymbal 2
  vs: 58, // vibraslap
  rd2: 59, // ride cymbal 2
  hbo: 60, // hi bongo
  lbo: 61, // low bongo
  mhc: 62, // mute hi conga
  ohc: 63, // open hi conga
  lc: 64, // low conga
  hti: 65, // high timbale
  lti: 66, // low timbale
  hag: 67, // high agogo
  lag: 68, // low agogo
  cab: 69, // cabasa
  sh: 70, // maracas (shaker)
  ma: 70,
  wh: 71, // short whistle
  lwh: 72, // long whistle
  gu: 73, // short guiro
  lgu: 74, // long guiro
  cl: 75, // claves
  hwb: 76, // hi wood block
  lwb: 77, // low wood block
  cu: 78, // mute cuica
  ocu: 79, // open cuica
  tri: 80, // mute triangle
  otri: 81, // open triangle
};

/**
 * The drum names that are also sample banks of SuperDirt's default library (the folder names of
 * tidalcycles/Dirt-Samples). A pattern's word among them reaches SuperDirt as typed, with its
 * `:n`; any other drum word goes as its note's first short name (`kick` → `bd`, `snare` → `sd`),
 * as every drum note does.
 */
export const DIRT_BANKS: ReadonlySet<string> = new Set(["bd", "sd", "sn", "cp", "hh", "rs", "lt", "mt", "ht", "cr", "cb"]);
