// Slow chords from a dorian progression (i – IV – v – i), and an LFO that, integrated, now and
// then throws in a sparkle an octave up: continuous → discrete, as in the seed's §4.
// Try: pad.progression = [0, 5, 3, 4]   ·   sparkle.threshold = 2
export default patch(() => {
  chords("pad", { progression: [0, 3, 4, 0], scale: "dorian", root: 48, every: 8, play: true, gate: 7.5, velocity: 0.35, channel: 2 });

  signal("swell", (t) => Math.sin(2 * Math.PI * 0.07 * t) * 0.8 + Math.sin(2 * Math.PI * 0.23 * t) * 0.4, 30);
  integrate("sparkle", { source: "swell", leak: 0.2, threshold: 1.2, trigger: "sparkle" });
  arp("sparkle_notes", { trigger: "sparkle", scale: "dorian", root: 84, degrees: [0, 2, 4, 6], pattern: "random", gate: 1, velocity: 0.45, channel: 3 });
});
