/** Claims on a patch folder and a recording: exclusive while the owner lives, taken over once it is gone. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimSet, SetLockedError } from "../../src/live/set-lock.ts";

const root = () => join(mkdtempSync(join(tmpdir(), "magicbus-lock-")), "run", "sets");

describe("claimSet", () => {
  it("refuses a second claim on the same folder or recording, naming the holder; release frees both", () => {
    const r = root();
    const release = claimSet("/music/patches", "/music/out.mid", r);
    expect(() => claimSet("/music/patches", "/elsewhere/out.mid", r)).toThrow(SetLockedError);
    expect(() => claimSet("/other/patches", "/music/out.mid", r)).toThrow(new RegExp(`pid ${process.pid}`));
    // a refused claim leaves nothing of its own behind
    expect(readdirSync(r)).toHaveLength(2);
    release();
    expect(readdirSync(r)).toHaveLength(0);
    claimSet("/music/patches", "/music/out.mid", r)();
  });

  it("takes over a claim whose daemon is gone (killed with -9)", () => {
    const r = root();
    const release = claimSet("/music/patches", "/music/out.mid", r);
    const files = readdirSync(r).map((f) => join(r, f));
    release();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout);
    for (const f of files) writeFileSync(f, JSON.stringify({ pid: deadPid, dir: "/music/patches", record: "/music/out.mid" }));
    const again = claimSet("/music/patches", "/music/out.mid", r);
    expect(files.every((f) => existsSync(f))).toBe(true);
    again();
  });
});
