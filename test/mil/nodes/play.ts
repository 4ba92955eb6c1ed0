/** Test helper: make a named node publish notes at given ticks. */
import { NoteEvent, TriggerEvent } from "../../../src/index.ts";
import type { virtualSystem } from "../../helpers.ts";

/** Node `name` publishes `make(i)` at each of `ticks` (a reply to a trigger, so it is stamped with that tick). */
export function play(s: ReturnType<typeof virtualSystem>, name: string, ticks: readonly number[], make: (i: number) => NoteEvent): void {
  s.bus.on(TriggerEvent, (t) => s.bus.emit(make(t.value)), { node: name, where: (t) => t.name === name });
  ticks.forEach((t, i) => s.sched.at(t, () => s.bus.emit(new TriggerEvent({ name, value: i }))));
}
