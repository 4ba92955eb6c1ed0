// Drums in mini-notation (docs/patterns.md): General MIDI drums on channel 10 — four on the floor,
// a backbeat, and eleven-in-sixteen hats with one in five left out.
// Try: drums.pattern = "bd*2 [~ bd] ~, ~ sd, hh*8"   ·   .show drums   ·   drums.velocity = "<0.9 0.6>"
//      drums.pattern = every(2, rev, "bd*2 [~ bd] ~, ~ sd, hh*8")   ·   drums.velocity = range(0.6, 1, segment(8, saw))
export default patch(() => {
  pattern("drums", "bd*4, ~ sd ~ sd, hh(11,16,1)?0.2");
});
