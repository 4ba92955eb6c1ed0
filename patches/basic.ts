// The seed's minimal example as a patch: a Euclidean rhythm drives a dorian arpeggio.
// Edit and save while `npm start` runs: the change is heard on the next bar.
export default patch(() => {
  euclid("euc", { steps: 16, pulses: 5, trigger: "hit", probability: 0.95 });
  arp("arp", {
    trigger: "hit",
    scale: "dorian",
    root: 60,
    degrees: [0, 2, 4, 6],
    pattern: "updown",
    octaves: 2,
    gate: 0.22,
    velocity: 0.85,
  });
});
