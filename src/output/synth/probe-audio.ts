/**
 * Is there an audio device to play to? Asked in a child process whose stderr is discarded: the
 * audio library's C code prints a screen of ALSA complaints on a machine with no sound card, and
 * the performer should see one line, not that.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export type AudioProbe = { ok: true } | { ok: false; reason: string };

const PROBE = fileURLToPath(new URL("./probe-audio-boot.mjs", import.meta.url));

export function probeAudioDevice(): AudioProbe {
  const r = spawnSync(process.execPath, [PROBE], { encoding: "utf8", timeout: 10_000 });
  const line = r.stdout?.trim().split("\n").pop();
  try {
    return JSON.parse(line ?? "") as AudioProbe;
  } catch {
    return { ok: false, reason: `the audio device probe failed (${r.error?.message ?? `exit ${String(r.status)}`})` };
  }
}
