// The prelude's helpers as globals, for editors and the type checker: a patch uses them without
// an import, because the patch loader injects them. Outside this repository, reference it with
// /// <reference path="…/node_modules/magicbus/src/live/prelude-globals.d.ts" />
type Prelude = typeof import("../../prelude.ts");

declare global {
  const patch: Prelude["patch"];
  const euclid: Prelude["euclid"];
  const arp: Prelude["arp"];
  const chords: Prelude["chords"];
  const signal: Prelude["signal"];
  const integrate: Prelude["integrate"];
  const swing: Prelude["swing"];
  const humanize: Prelude["humanize"];
  const route: Prelude["route"];
  const quantize: Prelude["quantize"];
  const clock: Prelude["clock"];
  const node: Prelude["node"];
  const follow: Prelude["follow"];
  const map: Prelude["map"];
  const piano: Prelude["piano"];
  const harmony: Prelude["harmony"];
  const groove: Prelude["groove"];
  const ornament: Prelude["ornament"];
  const tension: Prelude["tension"];
  const pattern: Prelude["pattern"];
  // The pattern functions (euclid, above, is both the node and the pattern function).
  const cat: Prelude["cat"];
  const choose: Prelude["choose"];
  const cosine: Prelude["cosine"];
  const degradeBy: Prelude["degradeBy"];
  const early: Prelude["early"];
  const every: Prelude["every"];
  const fast: Prelude["fast"];
  const isaw: Prelude["isaw"];
  const iter: Prelude["iter"];
  const late: Prelude["late"];
  const mask: Prelude["mask"];
  const off: Prelude["off"];
  const palindrome: Prelude["palindrome"];
  const ply: Prelude["ply"];
  const rand: Prelude["rand"];
  const range: Prelude["range"];
  const rev: Prelude["rev"];
  const saw: Prelude["saw"];
  const segment: Prelude["segment"];
  const seq: Prelude["seq"];
  const sine: Prelude["sine"];
  const slow: Prelude["slow"];
  const sometimesBy: Prelude["sometimesBy"];
  const square: Prelude["square"];
  const stack: Prelude["stack"];
  const struct: Prelude["struct"];
  const tri: Prelude["tri"];
}

export {};
