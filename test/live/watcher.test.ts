/**
 * The watcher's debouncing on a manual clock, with file events the test makes (the source chokidar
 * would be): a burst of events on one path is one save, reported once the path has been quiet for
 * `debounceMs`, at the moment the burst began. The real chokidar is exercised, once, in
 * test/e2e/watcher-chokidar.test.ts.
 */
import { EventEmitter } from "node:events";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Watcher, type FileEvents, type WatchEvent } from "../../src/live/watcher.ts";
import { ManualClock } from "../manual-clock.ts";

/** A file-event source the test drives: `emit("change", path)` is chokidar seeing a write. */
class FakeFiles extends EventEmitter implements FileEvents {
  watched: string[][] = [];
  closed = false;
  constructor(paths: string[]) {
    super();
    this.watched.push(paths);
  }
  add(paths: string[]): void {
    this.watched.push(paths);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function setUp(paths: string[] = ["/set/patches"], debounceMs = 15) {
  const clock = new ManualClock();
  const seen: WatchEvent[] = [];
  let files!: FakeFiles;
  const watcher = new Watcher(paths, (e) => seen.push(e), {
    debounceMs,
    now: clock.now,
    timers: clock,
    watch: (p) => (files = new FakeFiles(p)),
  });
  return { clock, seen, watcher, files };
}

describe("Watcher", () => {
  it("reports a save once the path has been quiet for debounceMs, at the moment it was saved", async () => {
    const { clock, seen, files } = setUp();
    files.emit("change", "/set/patches/a.ts");
    await clock.advance(14);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toEqual([{ kind: "changed", path: "/set/patches/a.ts", at: 1000 }]);
    expect(clock.waiting).toBe(0);
  });

  it("takes a burst on one path as one save, however long the burst, and names when it began", async () => {
    const { clock, seen, files } = setUp();
    for (let i = 0; i < 5; i++) {
      files.emit("change", "/set/patches/a.ts");
      await clock.advance(10); // each write within 15 ms of the last: 50 ms of writes in all
    }
    expect(seen).toEqual([]);
    await clock.advance(5);
    expect(seen).toEqual([{ kind: "changed", path: "/set/patches/a.ts", at: 1000 }]);
  });

  it("two saves further apart than debounceMs are two events", async () => {
    const { clock, seen, files } = setUp();
    files.emit("change", "/set/patches/a.ts");
    await clock.advance(15);
    files.emit("change", "/set/patches/a.ts");
    await clock.advance(15);
    expect(seen.map((e) => e.at)).toEqual([1000, 1015]);
  });

  it("debounces each path on its own", async () => {
    const { clock, seen, files } = setUp();
    files.emit("change", "/set/patches/a.ts");
    await clock.advance(10);
    files.emit("add", "/set/patches/b.ts");
    await clock.advance(5);
    expect(seen).toEqual([{ kind: "changed", path: "/set/patches/a.ts", at: 1000 }]);
    await clock.advance(10);
    expect(seen.at(-1)).toEqual({ kind: "added", path: "/set/patches/b.ts", at: 1010 });
  });

  it.each<[string, Array<"add" | "change" | "unlink">, WatchEvent["kind"]]>([
    ["a new file", ["add"], "added"],
    ["a deleted file", ["unlink"], "removed"],
    ["an editor's replace (unlink, then add)", ["unlink", "add"], "changed"],
    ["a file written and then deleted", ["change", "unlink"], "removed"],
    ["a new file written again at once", ["add", "change"], "changed"],
    ["a file deleted and made again, then written", ["unlink", "add", "change"], "changed"],
  ])("%s: %j is reported as %s", async (_, burst, kind) => {
    const { clock, seen, files } = setUp();
    for (const e of burst) files.emit(e, "/set/patches/a.ts");
    await clock.advance(15);
    expect(seen).toEqual([{ kind, path: "/set/patches/a.ts", at: 1000 }]);
  });

  it("names every path absolutely, watched and reported", async () => {
    const { clock, seen, files, watcher } = setUp(["patches", "prelude.ts"]);
    expect(files.watched).toEqual([[resolve("patches"), resolve("prelude.ts")]]);
    files.emit("change", "patches/a.ts");
    files.emit("change", resolve("patches/a.ts")); // the same file: one burst
    await clock.advance(15);
    expect(seen).toEqual([{ kind: "changed", path: resolve("patches/a.ts"), at: 1000 }]);
    await watcher.close();
  });

  it("follows more files, each once", () => {
    const { files, watcher } = setUp(["/set/patches"]);
    watcher.follow(["/set/lib/chords.ts", "/set/patches"]);
    watcher.follow(["/set/lib/chords.ts"]);
    watcher.follow(["/set/lib/../lib/scales.ts", "/set/lib/chords.ts"]);
    expect(files.watched).toEqual([["/set/patches"], ["/set/lib/chords.ts"], ["/set/lib/scales.ts"]]);
  });

  it("is ready when its source is, and on close drops the saves still waiting and closes the source", async () => {
    const { clock, seen, files, watcher } = setUp();
    let ready = false;
    void watcher.ready.then(() => (ready = true));
    await clock.advance(0);
    expect(ready).toBe(false);
    files.emit("ready");
    await clock.advance(0);
    expect(ready).toBe(true);
    files.emit("change", "/set/patches/a.ts");
    await watcher.close();
    expect(files.closed).toBe(true);
    expect(clock.waiting).toBe(0);
    await clock.advance(100);
    expect(seen).toEqual([]);
  });

  it("takes its debounce from the options", async () => {
    const { clock, seen, files } = setUp(["/set/patches"], 100);
    files.emit("change", "/set/patches/a.ts");
    await clock.advance(99);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toHaveLength(1);
  });
});
