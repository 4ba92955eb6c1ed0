/**
 * Is there an audio device to play to? Asked in a child process whose stderr is discarded: the
 * audio library's C code prints a screen of ALSA complaints on a machine with no sound card, and
 * the performer should see one line, not that. (The same reason MIDI is probed so: live-port.ts.)
 */
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export function probeAudioDevice(): { ok: true } | { ok: false; reason: string } {
  const script = `
    import("node-web-audio-api").then(async ({ AudioContext }) => {
      try {
        const ctx = new AudioContext({ latencyHint: "interactive" });
        await ctx.close();
        console.log(JSON.stringify({ ok: true }));
      } catch (e) {
        const why = String(e.message).split("\\n")[0].split(": ").pop().split(".")[0].toLowerCase();
        console.log(JSON.stringify({ ok: false, reason: "no audio device (" + why + ")" }));
      }
      process.exit(0);
    }, (e) => console.log(JSON.stringify({ ok: false, reason: "no audio library: node-web-audio-api did not load here (" + String(e.message).split("\\n")[0] + ")" })));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 10_000, cwd: here });
  const line = r.stdout?.trim().split("\n").pop();
  try {
    return JSON.parse(line ?? "") as ReturnType<typeof probeAudioDevice>;
  } catch {
    return { ok: false, reason: `the audio device probe failed (${r.error?.message ?? `exit ${String(r.status)}`})` };
  }
}
