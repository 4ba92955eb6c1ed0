// Seed §5 — Change parameters live (event-driven), with ParamChangeEvent.
// Run: npx tsx docs/examples/05-params.ts
import { ParamChangeEvent, type System } from "magicbus";
import { main as minimal } from "./03-minimal.ts";

/** Play the minimal patch, then change the rhythm and the arpeggiator between two runs. */
export async function main(outPath = "out.mid") {
  const { sys, midi } = await minimal(outPath, 4.0);
  const bus = sys.bus;

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
  return { sys, midi };
}

export type Result = { sys: System };

if (import.meta.url === `file://${process.argv[1]}`) await main();
