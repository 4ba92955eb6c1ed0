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
}

export {};
