/**
 * What a performer set that is not in the journal, carried over a takeover: where swaps land
 * (.quantize) and the controller mappings (.map, .learn, map()). The journal holds what they did
 * (each controller move is a journaled param cue), so a replay needs neither; a new engine needs
 * both, or the knobs stop working after a runaway. The playing engine says them whenever they
 * change; the supervisor keeps the last and hands them to the engine that takes over.
 */
import type { Mapping } from "../../midi/input/controller-map.ts";
import type { Daemon } from "../daemon.ts";
import type { Quantum } from "../swap-boundary.ts";

export interface Carried {
  quantize: Quantum;
  mappings: Mapping[];
}

export function carriedOf(d: Daemon): Carried {
  return { quantize: d.quantize, mappings: d.session.controllers.list() };
}

/** Set them in the engine that takes over; a mapping it cannot make (its node is gone) is said, not fatal. */
export function carryInto(d: Daemon, c: Carried, warn: (text: string) => void): void {
  d.quantize = c.quantize;
  for (const m of c.mappings) {
    try {
      d.session.controllers.map(m.source, m.target, { min: m.min, max: m.max, curve: m.curve, integer: m.integer });
    } catch (err) {
      warn(`controller mapping ${m.source} → ${m.target} not carried over: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Says the settings whenever they changed since it last said them. */
export class CarriedWatch {
  private said = "";

  constructor(
    private readonly d: Daemon,
    private readonly say: (c: Carried) => void,
  ) {}

  check(): void {
    const c = carriedOf(this.d);
    const text = JSON.stringify(c);
    if (text === this.said) return;
    this.said = text;
    this.say(c);
  }
}
