/**
 * From pattern time (cycles, exact fractions) to the bus's integer ticks. The tick is computed
 * from the fraction itself, never by adding up durations, so the onset at cycle 100 000 + 1/3
 * lands exactly where cycle 0 + 1/3 does, 100 000 cycles later.
 */
import { PPQ, type Ticks } from "../core/time.ts";
import type { Fraction } from "./fraction.ts";

/** By default a cycle is one bar of 4/4. */
export const TICKS_PER_CYCLE = 4 * PPQ;

/**
 * The tick nearest `cycles` (halves round up). The whole cycles and the fraction of a cycle are
 * scaled apart so no product leaves the safe integers.
 * @example tickOf(frac(1, 3)) // 1280
 */
export function tickOf(cycles: Fraction, ticksPerCycle: number = TICKS_PER_CYCLE): Ticks {
  const whole = Math.floor(cycles.n / cycles.d);
  const rest = cycles.n - whole * cycles.d; // 0 ≤ rest < d
  // rest/d of a cycle, in ticks, rounded in integers: no float division near a half.
  const scaled = rest * ticksPerCycle;
  let q = Math.floor(scaled / cycles.d);
  let r = scaled - q * cycles.d;
  if (r < 0) (q -= 1), (r += cycles.d); // the float quotient rounded up to a whole number
  else if (r >= cycles.d) (q += 1), (r -= cycles.d);
  return (whole * ticksPerCycle + q + (2 * r >= cycles.d ? 1 : 0)) as Ticks;
}
