// A live set for the piano: run `npx magicbus live sets/piano`, then steer it from the REPL
// (see docs/live-piano.md): piano.archetype = "Rhapsody" … piano.archetype = "Toccata" … .end piano
export default patch(() => {
  piano("piano", { archetype: "Nocturne", pianist: "Chopin", key: "Eb", mode: "major", channel: 0 });

  // A slow swell that, integrated, now and then pushes the piano's energy up a notch (and lets it fall back).
  signal("swell", (t) => 0.5 + 0.5 * Math.sin(2 * Math.PI * t / 90), 4);
  follow("swell_energy", { source: "swell", target: "piano.volatility", min: 0.1, max: 0.5, everyBeats: 8 });
});
