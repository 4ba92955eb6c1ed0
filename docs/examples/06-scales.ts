// Seed §6 — Customize scales (arbitrarily many), then switch to one at runtime.
// Run: npx tsx docs/examples/06-scales.ts   (writes out.mid, and says what the new scale played)
import { ParamChangeEvent, Scale, allNotes, noteName, type ScaleRegistry } from "magicbus";
import { main as minimal } from "./03-minimal.ts";

export async function main(outPath = "out.mid") {
  const { sys, midi } = await minimal(outPath, 2.0);
  const bus = sys.bus;
  const switchedAt = sys.timeline.now;
  const scales = (sys.node("arp") as unknown as { scales: ScaleRegistry }).scales;

  scales.add(new Scale("harmonic_minor", [0, 2, 3, 5, 7, 8, 11]));

  await bus.publish(new ParamChangeEvent({ target: "arp", param: "scale", value: "harmonic_minor" }));
  await sys.runFor(4.0);
  midi.close();
  return { sys, midi, scales, switchedAt };
}

/** What a run played, in one line: the notes in the new scale, by name. */
export function summary({ sys, midi, scales, switchedAt }: Awaited<ReturnType<typeof main>>): string {
  const scale = scales.get("harmonic_minor");
  const after = allNotes(midi.toSong()).filter((n) => n.tick >= switchedAt);
  const names = [...new Set(after.map((n) => n.pitch))].sort((a, b) => a - b).map(noteName);
  return (
    `wrote ${midi.outPath}: ${midi.noteCount} notes, ${sys.timeline.nowSeconds.toFixed(1)} s; ` +
    `from ${sys.timeline.tempo.toSeconds(switchedAt).toFixed(1)} s ${scale.name} (${scale.intervals.join(" ")}): ` +
    `${after.length} notes on ${names.join(" ")}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summary(await main()));
