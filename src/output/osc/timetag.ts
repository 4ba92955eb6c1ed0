/**
 * OSC timetags: NTP time, 32 bits of seconds since 1900 and 32 bits of fraction (≈ 0.23 ns).
 * osc-min turns a `Date` into a timetag, but a Date holds whole milliseconds; we hand it the two
 * integers instead, computed here from a Unix time in ms with its fraction kept.
 *
 * @example toTimetag(1764600000123.25)    // [3973588800, 529470587] (0.12325 s of fraction)
 *          timetagToUnixMs([3973588800, 529470587]) // 1764600000123.25 (to within a nanosecond)
 */
import type { TimeTag } from "osc-min";

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
export const NTP_UNIX_OFFSET_S = 2_208_988_800;
const TWO_POW_32 = 4_294_967_296;

/** The timetag of a Unix time in milliseconds (fraction kept, rounded to the nearest 2⁻³² s). */
export function toTimetag(unixMs: number): TimeTag {
  if (!Number.isFinite(unixMs) || unixMs < 0) throw new RangeError(`a timetag needs a Unix time in ms ≥ 0, got ${unixMs}`);
  let seconds = Math.floor(unixMs / 1000);
  // The sub-second part from the integer ms and the fraction separately: unixMs / 1000 alone would
  // lose the last bits of a 13-digit number before the fraction is taken.
  const wholeMs = Math.floor(unixMs);
  const subMs = wholeMs - seconds * 1000 + (unixMs - wholeMs);
  let fraction = Math.round((subMs / 1000) * TWO_POW_32);
  if (fraction >= TWO_POW_32) {
    seconds += 1;
    fraction -= TWO_POW_32;
  }
  return [seconds + NTP_UNIX_OFFSET_S, fraction];
}

/** The Unix time in ms of a timetag (the inverse of toTimetag). */
export function timetagToUnixMs([seconds, fraction]: readonly [number, number]): number {
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / TWO_POW_32) * 1000;
}

/** OSC's "immediately" timetag (1 in the fraction, nothing else). */
export const IMMEDIATELY: TimeTag = [0, 1];
