/** Small builders shared by the tests. */
import { Clock, EventScheduler, System, type Problem } from "../src/index.ts";

export function virtualSystem(options: { bpm?: number; seed?: string | number } = {}) {
  const problems: Problem[] = [];
  const system = new System({ bpm: options.bpm ?? 120, seed: options.seed ?? 1, logger: (p) => problems.push(p) });
  const sched = system.add(new EventScheduler(system.bus));
  return { system, bus: system.bus, sched, problems };
}

export function withClock(options: { bpm?: number; seed?: string | number; stepsPerBeat?: number; loopSteps?: number } = {}) {
  const s = virtualSystem(options);
  const clock = s.system.add(
    new Clock(s.bus, { bpm: options.bpm ?? 120, stepsPerBeat: options.stepsPerBeat ?? 4, loopSteps: options.loopSteps ?? 16 }),
  );
  return { ...s, clock };
}
