import { describe, expect, it } from "vitest";
import { toBuffer, fromBuffer } from "osc-min";
import { NTP_UNIX_OFFSET_S, timetagToUnixMs, toTimetag } from "../../../src/output/osc/timetag.ts";

describe("OSC timetags", () => {
  it.each([
    // unix ms, NTP seconds, fraction (2^32 per second)
    [0, NTP_UNIX_OFFSET_S, 0],
    [1000, NTP_UNIX_OFFSET_S + 1, 0],
    [1500, NTP_UNIX_OFFSET_S + 1, 2 ** 31],
    [250.25, NTP_UNIX_OFFSET_S, Math.round(0.25025 * 2 ** 32)],
  ])("%d ms is [%d, %d]", (ms, seconds, fraction) => {
    expect(toTimetag(ms)).toEqual([seconds, fraction]);
  });

  it("keeps the sub-millisecond part of a present-day time (a Date would round it away)", () => {
    const ms = 1_764_600_000_123.4567;
    const back = timetagToUnixMs(toTimetag(ms));
    expect(Math.abs(back - ms)).toBeLessThan(0.001); // within a microsecond
    // and through osc-min's encoder and decoder, bit for bit
    const view = toBuffer({ timetag: toTimetag(ms), elements: [{ address: "/x" }] });
    const decoded = fromBuffer(view);
    if (decoded.oscType !== "bundle") throw new Error("not a bundle");
    expect(Math.abs(timetagToUnixMs(decoded.timetag) - ms)).toBeLessThan(0.001);
  });

  it("a fraction that rounds up to a whole second carries into the seconds", () => {
    const [s, f] = toTimetag(1999.99999999999);
    expect(f).toBeLessThan(2 ** 32);
    expect(s).toBe(NTP_UNIX_OFFSET_S + 2);
    expect(f).toBe(0);
  });

  it("refuses a time that is not one", () => {
    expect(() => toTimetag(Number.NaN)).toThrow(/Unix time in ms/);
    expect(() => toTimetag(-1)).toThrow(/≥ 0, got -1/);
  });
});
