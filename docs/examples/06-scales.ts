// Seed §6 — Customize scales (arbitrarily many), then switch to one at runtime.
// Run: npx tsx docs/examples/06-scales.ts
import { ParamChangeEvent, Scale, type ScaleRegistry } from "magicbus";
import { main as minimal } from "./03-minimal.ts";

export async function main(outPath = "out.mid") {
  const { sys, midi } = await minimal(outPath, 2.0);
  const bus = sys.bus;
  const scales = (sys.node("arp") as unknown as { scales: ScaleRegistry }).scales;

  scales.add(new Scale("harmonic_minor", [0, 2, 3, 5, 7, 8, 11]));

  await bus.publish(new ParamChangeEvent({ target: "arp", param: "scale", value: "harmonic_minor" }));
  await sys.runFor(4.0);
  midi.close();
  return { sys, midi, scales };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
