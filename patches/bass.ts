// A bass line under the arpeggio: E(3,8) on the C dorian roots, channel 2, an octave and a half down.
// Try: bass.pattern = "random"   ·   bass.degrees = [0, 4, 6]   ·   bass_rhythm.rotation = 2
export default patch(() => {
  euclid("bass_rhythm", { steps: 8, pulses: 3, trigger: "bass_hit" });
  arp("bass", {
    trigger: "bass_hit",
    scale: "dorian",
    root: 36,
    degrees: [0, 0, 4, 3],
    pattern: "up",
    gate: 0.4,
    velocity: 0.75,
    channel: 1,
  });
});
