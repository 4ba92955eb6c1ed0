/** Dot-commands for the piano: what it plays and has planned, and ending it on a cadence. */
import { pianoStatus } from "../status.ts";
import type { Daemon } from "../daemon.ts";
import type { PerformerCommand } from "../performer.ts";
import { words } from "./words.ts";

export function pianoCommands(d: Daemon): Record<string, PerformerCommand> {
  return {
    piano: {
      help: "what a piano is playing and has planned: section, phrase, key, chords (.piano [NAME])",
      run: (args, out) => {
        const [name] = words(args);
        const pianos = d.pianos();
        const p = name ? pianos.find((x) => x.name === name) : pianos[0];
        if (!p) return out.error(`no piano${name ? ` named "${name}"` : ""}; pianos: ${pianos.map((x) => x.name).join(", ") || "none"} (add one with piano("piano", { archetype: "Nocturne" }) in a patch)`);
        out.print(`${p.name}: ${pianoStatus(p)} · ${p.composer.homeKeyName} · ${p.composer.metre} · form ${p.composer.formName}`);
        const now = d.heardTick;
        for (const ph of p.phrases) {
          const i = ph.info;
          const when = ph.startTick <= now && now < ph.endTick ? "now " : "next";
          const chords = i.chords.map((c) => c.chord.symbol).join(" ");
          out.print(`  ${when} ${d.position(ph.startTick)} section ${i.section}, phrase ${i.index + 1} (${i.bars} bars, ${i.transform}), ${i.keyName}, ${i.cadence} cadence, tension ${i.tension.toFixed(2)}: ${chords}`);
        }
      },
    },
    end: {
      help: "finish a piano on a perfect authentic cadence at its next phrase end: .end piano",
      run: (args, out) => {
        const [name] = words(args);
        const pianos = d.pianos().map((p) => p.name);
        const target = name ?? (pianos.length === 1 ? pianos[0] : undefined);
        if (target === undefined) return out.error(`.end NAME; pianos: ${pianos.join(", ") || "none"}`);
        d.setParam(target, "end", true);
        out.print(`${target} will end on a cadence at its next phrase end`);
      },
    },
  };
}
