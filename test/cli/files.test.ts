/** The files a command line names: checked before any work, refused in one line. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.ts";
import { fileToRead, fileToWrite, patchFolder } from "../../src/cli/files.ts";

const home = mkdtempSync(join(tmpdir(), "magicbus-files-"));
mkdirSync(join(home, "patches"));
for (const f of ["b.ts", "a.ts", "types.d.ts", "notes.txt", "c.ts", "d.ts"]) writeFileSync(join(home, "patches", f), "");
mkdirSync(join(home, "empty"));
writeFileSync(join(home, "plain"), "");

const message = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  return "accepted";
};

describe("fileToWrite", () => {
  it.each<[string, string]>([
    ["out.mid", "accepted"],
    [join(home, "set.mid"), "accepted"],
    [join(home, "nope", "deeper", "x.mid"), `cannot write ${join(home, "nope", "deeper", "x.mid")}: the folder ${join(home, "nope", "deeper")} does not exist`],
    [join(home, "plain", "x.mid"), `cannot write ${join(home, "plain", "x.mid")}: ${join(home, "plain")} is not a folder`],
    [join(home, "patches"), `cannot write ${join(home, "patches")}: it is a folder`],
  ])("%s: %s", (path, expected) => {
    expect(message(() => fileToWrite(path))).toBe(expected);
  });
});

describe("fileToRead", () => {
  const p = join(home, "patches");
  it.each<[string, string]>([
    [join(p, "a.ts"), "accepted"],
    [join(home, "gone.ts"), `no such patch file: ${join(home, "gone.ts")}`],
    // a few patches as examples, in order; declaration files are not patches
    [p, `${p} is a folder; render takes one patch file, e.g. ${join(p, "a.ts")} or ${join(p, "b.ts")} or ${join(p, "c.ts")}`],
    [join(home, "empty"), `${join(home, "empty")} is a folder; render takes one patch file (it holds no .ts file)`],
  ])("%s: %s", (path, expected) => {
    expect(message(() => fileToRead(path, "render", "patch file", ".ts"))).toBe(expected);
  });
});

describe("patchFolder", () => {
  const p = join(home, "patches");
  it.each<[string, string]>([
    [p, "accepted"],
    [join(home, "gone"), `no patch folder "${join(home, "gone")}"`],
    [join(p, "a.ts"), `${join(p, "a.ts")} is a file; live plays a folder of patches, e.g. ${p} (one patch alone: npx magicbus render ${join(p, "a.ts")})`],
  ])("%s: %s", (path, expected) => {
    expect(message(() => patchFolder(path))).toBe(expected);
  });
});
