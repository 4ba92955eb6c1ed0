// Drums on General MIDI channel 10 (channel: 9 counting from 0): three Euclidean rings.
// Try: kick.pulses = 5   ·   .mute hats   ·   hats.probability = 0.4
export default patch(() => {
  euclid("kick", { steps: 16, pulses: 4, trigger: "kick" });
  euclid("snare", { steps: 16, pulses: 2, rotation: 4, trigger: "snare" });
  euclid("hats", { steps: 16, pulses: 11, rotation: 1, trigger: "hat", probability: 0.8 });

  // One fixed pitch per trigger: an arpeggio of a single chromatic degree.
  const hit = { scale: "chromatic", degrees: [0], channel: 9, gate: 0.1 };
  arp("kick_drum", { ...hit, trigger: "kick", root: 36, velocity: 0.95 });
  arp("snare_drum", { ...hit, trigger: "snare", root: 38, velocity: 0.8 });
  arp("hat_drum", { ...hit, trigger: "hat", root: 42, velocity: 0.5 });
});
