import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, expectAccounted, FIXTURES, parseFile } from "./helpers";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = [...walk(CORPUS), ...walk(FIXTURES)].sort();

describe("every agent-log corpus file", () => {
  it("the corpus is there", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((f) => [path.relative(path.dirname(CORPUS), f), f]))(
    "%s: no throw, counts add up, contract holds",
    async (_name, file) => {
      const r = await parseFile(file);
      expectAccounted(r);
      const again = await parseFile(file, { fileTime: Date.UTC(2025, 0, 1) });
      expectAccounted(again);
      const keys = r.sessions.flatMap((s) => s.actions.map((a) => `${s.externalId}/${a.key}`));
      expect(new Set(keys).size).toBe(keys.length);
    },
  );
});
