import { describe, expect, it } from "vitest";
import { parseDurationMs } from "@/lib/cli/watch-commands";
import { isTemporaryName, settledFiles, type WatchState } from "@/lib/watch/plan";

describe("watch plan", () => {
  it("skips temporary names (aws s3 sync's <name>.<8 hex>, dotfiles, .part/.tmp)", () => {
    expect(isTemporaryName("123_CloudTrail_us-east-1_20250101T0000Z_abc.json.gz.9f8e7d6c")).toBe(true);
    expect(isTemporaryName(".DS_Store")).toBe(true);
    expect(isTemporaryName("x.json.part")).toBe(true);
    expect(isTemporaryName("x.tmp")).toBe(true);
    expect(isTemporaryName("123_CloudTrail_us-east-1_20250101T0000Z_abc.json.gz")).toBe(false);
    expect(isTemporaryName("session.jsonl")).toBe(false);
  });

  it("a file is ready once its size and mtime held for the settle time; a growing file is not", () => {
    const state: WatchState = new Map();
    const t0 = 1_000_000;
    // fresh file, just written
    expect(settledFiles(state, [{ path: "/d/a.json", size: 10, mtimeMs: t0 }], t0, 5000)).toEqual([]);
    // still growing
    expect(settledFiles(state, [{ path: "/d/a.json", size: 20, mtimeMs: t0 + 2000 }], t0 + 2000, 5000)).toEqual([]);
    // unchanged but not long enough
    expect(settledFiles(state, [{ path: "/d/a.json", size: 20, mtimeMs: t0 + 2000 }], t0 + 6000, 5000)).toEqual([]);
    // unchanged for 5 s
    expect(settledFiles(state, [{ path: "/d/a.json", size: 20, mtimeMs: t0 + 2000 }], t0 + 7000, 5000)).toEqual(["/d/a.json"]);
  });

  it("a file already old when first seen (restart) is ready at once; empty files and vanished files are not", () => {
    const state: WatchState = new Map();
    const now = 10_000_000;
    const listing = [
      { path: "/d/old.json", size: 5, mtimeMs: now - 60_000 },
      { path: "/d/empty.json", size: 0, mtimeMs: now - 60_000 },
      { path: "/d/tmp.json.abcdef12", size: 5, mtimeMs: now - 60_000 },
    ];
    expect(settledFiles(state, listing, now, 5000)).toEqual(["/d/old.json"]);
    settledFiles(state, [], now + 1000, 5000);
    expect(state.size).toBe(0);
  });

  it("parses durations", () => {
    expect(parseDurationMs("5s")).toBe(5000);
    expect(parseDurationMs("250ms")).toBe(250);
    expect(parseDurationMs("2m")).toBe(120_000);
    expect(parseDurationMs("1500")).toBe(1500);
    expect(parseDurationMs("soon")).toBeNull();
  });
});
