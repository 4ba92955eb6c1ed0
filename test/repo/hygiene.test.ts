/**
 * What a fresh clone holds: no recordings or journals left behind by a set, and a lockfile that
 * `npm install` leaves as it is (npm 11 lists an optional dependency only under
 * optionalDependencies; a lockfile written by an older npm also had it under dependencies, so every
 * fresh install rewrote it).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("the repository", () => {
  it("tracks no recording or journal outside test fixtures", () => {
    const tracked = execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n");
    const leftovers = tracked.filter((f) => /(\.journal\.jsonl|\.mid)$|^out\./.test(f) && !f.startsWith("test/fixtures/"));
    expect(leftovers).toEqual([]);
  });

  it("has a lockfile whose root entry lists the dependencies exactly as package.json does", () => {
    const pkg = json("package.json");
    const root = json("package-lock.json").packages[""];
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
      expect(root[field], field).toEqual(pkg[field]);
    }
  });
});
