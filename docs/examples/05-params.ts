// Seed §5 — Change parameters live (event-driven), with ParamChangeEvent.
// Run: npx tsx docs/examples/05-params.ts   (writes out.mid, and says what changed)
import { ParamChangeEvent, allNotes, type System } from "magicbus";
import { main as minimal } from "./03-minimal.ts";

/** Play the minimal patch, then change the rhythm and the arpeggiator between two runs. */
export async function main(outPath = "out.mid") {
  const { sys, midi, rhythm, arp } = await minimal(outPath, 4.0);
  const bus = sys.bus;
  const changedAt = sys.timeline.now;

  // Change the Euclidean rhythm
  await bus.publish(new ParamChangeEvent({ target: "euc", param: "pulses", value: 7 }));
  await bus.publish(new ParamChangeEvent({ target: "euc", param: "rotation", value: 3 }));
  await bus.publish(new ParamChangeEvent({ target: "euc", param: "probability", value: 0.7 }));

  // Change the arpeggiator behavior
  await bus.publish(new ParamChangeEvent({ target: "arp", param: "scale", value: "minor" }));
  await bus.publish(new ParamChangeEvent({ target: "arp", param: "pattern", value: "random" }));
  await bus.publish(new ParamChangeEvent({ target: "arp", param: "degrees", value: [0, 2, 4, 7] }));
  await bus.publish(new ParamChangeEvent({ target: "arp", param: "octaves", value: 3 }));
  await bus.publish(new ParamChangeEvent({ target: "arp", param: "gate_beats", value: 0.15 }));

  await sys.runFor(4.0);
  midi.close();
  return { sys, midi, rhythm, arp, changedAt };
}

export type Result = { sys: System };

/** What a run played, in one line: the notes before and after the changes, and the settings read back. */
export function summary({ sys, midi, rhythm, arp, changedAt }: Awaited<ReturnType<typeof main>>): string {
  const after = allNotes(midi.toSong()).filter((n) => n.tick >= changedAt).length;
  const { pulses, steps, rotation } = rhythm.pattern;
  const { pattern, degrees, octaves, gateBeats } = arp.config;
  return (
    `wrote ${midi.outPath}: ${midi.noteCount} notes, ${sys.timeline.nowSeconds.toFixed(1)} s; ` +
    `${midi.noteCount - after} before the changes at ${sys.timeline.tempo.toSeconds(changedAt).toFixed(1)} s, ${after} after: ` +
    `${pulses}-in-${steps} rotated ${rotation} at ${rhythm.probability}, ` +
    `${arp.scaleName} ${pattern} degrees ${degrees.join(" ")} over ${octaves} octaves, gate ${gateBeats} beats`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summary(await main()));
